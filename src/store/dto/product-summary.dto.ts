import { VariantDto } from './variant.dto';

/** A product as lists show it. Money fields are integers of minor units. */
export class ProductSummaryDto {
  id: string;
  /** @example "insulated-bottle-500-ml" */
  slug: string;
  /** @example "Insulated Bottle 500 ml" */
  name: string;
  /** Base price before discount and variant overrides. @example 2499 */
  price: number;
  /** ISO-4217. @example "USD" */
  currency: string;
  /** @example 10 */
  discountPercent: number;
  /** Lowest effective (what shoppers pay) price over the variants. @example 2249 */
  minPrice: number;
  /** Highest effective price over the variants. @example 2699 */
  maxPrice: number;
  /** Units in stock, summed over the variants. @example 25 */
  stock: number;
  inStock: boolean;
  variantCount: number;
  /** In display order; each holds its own stock and effective price. */
  variants: VariantDto[];
  /** URL of the first image's thumbnail, or null without images. */
  thumbnailUrl: string | null;
  /** @example 4.5 */
  ratingAvg: number;
  ratingCount: number;
  soldCount: number;
  categoryId: string;
  sellerId: string;
  sellerName: string;
  active: boolean;
  archived: boolean;
  createdAt: string;
  /** Search relevance (only when `q` is given). */
  rank?: number;
}
