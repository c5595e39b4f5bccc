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
 *   paid | shipped | delivered -> partially_refunded | refunded
 *   partially_refunded -> refunded | shipped | delivered
 *
 * Refunds (payment/refunds.service.ts) move an order to `refunded` once everything captured went
 * back, to `partially_refunded` otherwise; a further partial refund of a partially refunded order
 * leaves it there. A partially refunded order still holds goods to send, so it can be shipped and
 * delivered (the refund rows keep the partial refund's record). Refund vs shipment: a shipment (or
 * delivery) is refused with 409 REFUND_IN_PROGRESS while a refund that returns everything is in
 * flight (payment/refund-guard.hook.ts), so a fully refunded order is never shipped.
 *
 * Everything else (including staying in the same state) is an IllegalTransitionError (409).
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.Pending]: [OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.Expired],
  [OrderStatus.Paid]: [OrderStatus.Shipped, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
  [OrderStatus.Shipped]: [OrderStatus.Delivered, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
  [OrderStatus.Delivered]: [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
  [OrderStatus.Cancelled]: [],
  [OrderStatus.Expired]: [],
  [OrderStatus.Refunded]: [],
  [OrderStatus.PartiallyRefunded]: [OrderStatus.Refunded, OrderStatus.Shipped, OrderStatus.Delivered],
};

/** States whose reserved stock goes back on the shelf when entered (the sale did not happen). */
export const RELEASES_STOCK: readonly OrderStatus[] = [OrderStatus.Cancelled, OrderStatus.Expired];

/** States a (further) refund may start from: money was captured and not all of it went back. */
export const REFUNDABLE: readonly OrderStatus[] = [
  OrderStatus.Paid,
  OrderStatus.Shipped,
  OrderStatus.Delivered,
  OrderStatus.PartiallyRefunded,
];

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
