import { exactTotal, OrderTotalLimitError } from '../common/money';

/**
 * Shipping is a flat fee, free when the subtotal reaches the threshold
 * (SHIPPING_FEE, FREE_SHIPPING_OVER; both minor units).
 */
export function shippingFeeFor(subtotal: number, shipping: { fee: number; freeOver: number }): number {
  return subtotal >= shipping.freeOver ? 0 : shipping.fee;
}

/**
 * Order totals from priced lines, exact integers. A total above MAX_ORDER_TOTAL is refused
 * (409 ORDER_TOTAL_LIMIT in `currency`), never rounded.
 */
export function orderTotals(
  lines: readonly { unitPrice: number; quantity: number }[],
  shipping: { fee: number; freeOver: number },
  currency: string,
): { subtotal: number; shippingFee: number; total: number; itemCount: number } {
  const subtotal = exactTotal(lines);
  if (subtotal === null) throw new OrderTotalLimitError(currency);
  const shippingFee = shippingFeeFor(subtotal, shipping);
  const total = exactTotal(lines, shippingFee);
  if (total === null) throw new OrderTotalLimitError(currency);
  return { subtotal, shippingFee, total, itemCount: lines.reduce((s, l) => s + l.quantity, 0) };
}
