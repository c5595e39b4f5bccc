import { ConflictError } from '../common/errors/domain-error';

/** Where an order is in its life. Stored as the `order_status` PostgreSQL enum. */
export enum OrderStatus {
  Pending = 'pending',
  Paid = 'paid',
  Shipped = 'shipped',
  Delivered = 'delivered',
  Cancelled = 'cancelled',
  Expired = 'expired',
  Refunded = 'refunded',
  /** Part of the captured amount went back; the rest of the order stands. */
  PartiallyRefunded = 'partially_refunded',
}

/**
 * The order state machine, the one place that says which moves are allowed:
 *
 *   pending -> paid -> shipped -> delivered
 *   pending -> cancelled | expired
 *   paid    -> refunded
 *
 * Everything else (including staying in the same state) is an IllegalTransitionError (409).
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.Pending]: [OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.Expired],
  [OrderStatus.Paid]: [OrderStatus.Shipped, OrderStatus.Refunded],
  [OrderStatus.Shipped]: [OrderStatus.Delivered],
  [OrderStatus.Delivered]: [],
  [OrderStatus.Cancelled]: [],
  [OrderStatus.Expired]: [],
  [OrderStatus.Refunded]: [],
  [OrderStatus.PartiallyRefunded]: [],
};

/** States whose reserved stock goes back on the shelf when entered (the sale did not happen). */
export const RELEASES_STOCK: readonly OrderStatus[] = [OrderStatus.Cancelled, OrderStatus.Expired];

export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super('ILLEGAL_TRANSITION', `An order that is ${from} cannot become ${to}`, { from, to });
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws IllegalTransitionError unless `from -> to` is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}
