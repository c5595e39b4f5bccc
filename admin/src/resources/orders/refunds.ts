import type { Order, Refund } from '../../api/types';

/**
 * Units of each line already refunded or being refunded: the refunds the API counts against a
 * line (pending and succeeded, not failed — refunds.service `plan`).
 */
export function refundedUnits(refunds: Refund[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const refund of refunds) {
    if (refund.status === 'failed') continue;
    for (const line of refund.lines)
      units.set(line.orderLineId, (units.get(line.orderLineId) ?? 0) + line.quantity);
  }
  return units;
}

/**
 * What the API will refund for these lines and quantities: each unit at the price paid for it
 * (`unitPrice`), summed — refunds.service `plan` with `lines` and no `amount`. The API also caps
 * it at what is left of the capture (an earlier amount-only refund may leave less): then it
 * answers 409 REFUND_EXCEEDS_CAPTURED, shown as is.
 */
export function refundPreview(order: Pick<Order, 'items'>, quantities: Record<string, number>): number {
  return order.items.reduce((sum, line) => sum + line.unitPrice * (quantities[line.id] ?? 0), 0);
}
