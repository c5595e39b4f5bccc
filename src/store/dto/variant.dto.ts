/** A purchasable variant; it holds the stock. */
export class VariantDto {
  id: string;
  /** @example "BTL-500-RED" */
  sku: string;
  /** @example {"size": "500 ml", "colour": "red"} */
  options: Record<string, string>;
  /** Replaces the product's base price before the discount; null inherits it. */
  priceOverride: number | null;
  /** What a shopper pays for one unit, minor units. @example 2249 */
  price: number;
  stock: number;
}
