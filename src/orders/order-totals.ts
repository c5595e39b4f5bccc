import { assertMinorUnits } from '../common/money';

/**
 * Shipping is a flat fee, free when the subtotal reaches the threshold
 * (SHIPPING_FEE, FREE_SHIPPING_OVER; both minor units).
 */
export function shippingFeeFor(subtotal: number, shipping: { fee: number; freeOver: number }): number {
  return subtotal >= shipping.freeOver ? 0 : shipping.fee;
}

/** Order totals from priced lines; integers all the way, checked to stay safe integers. */
export function orderTotals(
  lines: readonly { unitPrice: number; quantity: number }[],
  shipping: { fee: number; freeOver: number },
): { subtotal: number; shippingFee: number; total: number; itemCount: number } {
  const subtotal = assertMinorUnits(
    lines.reduce((s, l) => s + assertMinorUnits(l.unitPrice * l.quantity), 0),
  );
  const shippingFee = shippingFeeFor(subtotal, shipping);
  return {
    subtotal,
    shippingFee,
    total: assertMinorUnits(subtotal + shippingFee),
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
  };
}
