import { applyDiscount } from '../common/money';

/**
 * The one place a price shoppers pay is computed: the variant's override (or the product's
 * base price), minus the product's discount percent, rounded half up in minor units.
 * Listing filters/sorts use `product.min_price`/`max_price`, which are written with this
 * same function whenever prices, discounts or variants change.
 */
export function effectivePrice(
  product: { price: number; discountPercent: number },
  variant?: { priceOverride: number | null } | null,
): number {
  const base = variant?.priceOverride ?? product.price;
  return applyDiscount(base, product.discountPercent);
}
