/**
 * Rows of catalog-sql.ts statements -> response objects. Pure and Nest-free, shared with the
 * benchmark ceiling server so both serialise the same shapes. pg returns int8 (money) and numeric
 * (rating) as strings: they are converted here (money through common/raw-rows).
 */
import { currencyCode, money, moneyOrNull } from '../common/raw-rows';
import type { CategoryRefDto } from './dto/category.dto';
import type { ProductImageDto } from './dto/product-image.dto';
import type { ProductSummaryDto } from './dto/product-summary.dto';
import type { ProductDto } from './dto/product.dto';
import type { VariantDto } from './dto/variant.dto';
import type { CustomizationOption } from './customization-option';
import { effectivePrice } from './pricing';

export type MediaUrl = (key: string) => string;

/** productListSql()'s one row: the total and the page's items as JSON, in order. */
export interface ProductListResult {
  total: number;
  /** False when the capped count overflowed (more than EXACT_TOTAL_LIMIT matches). */
  exact: boolean;
  items: ProductListRow[];
}

/** One item of ProductListResult.items (money as JSON numbers, times as ISO strings with offset). */
export interface ProductListRow {
  id: string;
  slug: string;
  name: string;
  price: string | number;
  currency: string;
  discount_percent: number;
  min_price: string | number;
  max_price: string | number;
  rating_avg: string | number;
  rating_count: number;
  sold_count: number;
  category_id: string;
  seller_id: string;
  seller_name: string;
  active: boolean;
  archived: boolean;
  created_at: string;
  rank?: number;
  /** The row's sort key values (id last) for keyset cursors; null in a relevance-ordered search. */
  cursor_key: (string | number)[] | null;
  stock: number;
  variant_count: number;
  variants: VariantJson[] | null;
  thumb_key: string | null;
}

interface VariantJson {
  id: string;
  sku: string;
  options: Record<string, string>;
  priceOverride: number | null;
  stock: number;
}

/** One variant as a response: its own price override, and its price after the product's discount. */
export function toVariantDto(
  v: {
    id: string;
    sku: string;
    options: Record<string, string>;
    priceOverride: string | number | null;
    stock: number;
  },
  pricing: { price: number; discountPercent: number },
): VariantDto {
  const priceOverride = moneyOrNull(v.priceOverride);
  return {
    id: v.id,
    sku: v.sku,
    options: v.options,
    priceOverride,
    price: effectivePrice(pricing, { priceOverride }),
    stock: v.stock,
  };
}

function toVariants(
  variants: VariantJson[] | null,
  pricing: { price: number; discountPercent: number },
): VariantDto[] {
  return (variants ?? []).map((v) => toVariantDto(v, pricing));
}

/**
 * The page out of productListSql()'s rows. `page.limit`: the statement fetched up to limit + 1 rows
 * (in the requested order); the extra one, if there, is dropped and reported as `more` (more rows
 * in the direction of travel: after the page, or before it for a backward keyset page).
 * `firstKey`/`lastKey` are the sort keys of the page's first and last rows, for the cursors.
 */
export function toProductPage(
  rows: ProductListResult[],
  url: MediaUrl,
  page: { limit: number; backward?: boolean } = { limit: Number.MAX_SAFE_INTEGER },
): {
  data: ProductSummaryDto[];
  total: number;
  exact: boolean;
  more: boolean;
  firstKey: (string | number)[] | null;
  lastKey: (string | number)[] | null;
} {
  const result = rows[0] ?? { total: 0, exact: true, items: [] };
  let items = result.items;
  const more = items.length > page.limit;
  if (more) items = page.backward ? items.slice(items.length - page.limit) : items.slice(0, page.limit);
  const data = items.map((row) => toSummary(row, url));
  const firstKey = items.length ? items[0].cursor_key : null;
  const lastKey = items.length ? items[items.length - 1].cursor_key : null;
  return { data, total: result.total, exact: result.exact, more, firstKey, lastKey };
}

function toSummary(row: ProductListRow, url: MediaUrl): ProductSummaryDto {
  const pricing = { price: money(row.price), discountPercent: row.discount_percent };
  const summary: ProductSummaryDto = {
    id: row.id,
    slug: row.slug,
    name: row.name,
    price: pricing.price,
    currency: currencyCode(row.currency),
    discountPercent: row.discount_percent,
    minPrice: money(row.min_price),
    maxPrice: money(row.max_price),
    stock: row.stock,
    inStock: row.stock > 0,
    variantCount: row.variant_count,
    variants: toVariants(row.variants, pricing),
    thumbnailUrl: row.thumb_key ? url(row.thumb_key) : null,
    ratingAvg: Number(row.rating_avg),
    ratingCount: row.rating_count,
    soldCount: row.sold_count,
    categoryId: row.category_id,
    sellerId: row.seller_id,
    sellerName: row.seller_name,
    active: row.active,
    archived: row.archived,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (row.rank !== undefined) summary.rank = row.rank;
  return summary;
}

/** The product of productDetailSql()'s `d` column: columns as JSON (money as text, times as ISO strings). */
export interface ProductDetailColumns {
  id: string;
  slug: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  discount_percent: number;
  min_price: string;
  max_price: string;
  active: boolean;
  archived: boolean;
  customization_options: CustomizationOption[];
  rating_avg: string | number;
  rating_count: number;
  sold_count: number;
  category_id: string;
  seller_id: string;
  created_at: string;
  updated_at: string;
  seller_name: string;
  seller_slug: string;
  seller_active: boolean;
}

/** productDetailSql()'s one column `d`. */
export interface ProductDetailRow {
  product: ProductDetailColumns;
  breadcrumb: CategoryRefDto[] | null;
  variants: VariantJson[];
  images: { id: string; thumbKey: string; largeKey: string; alt: string; position: number }[];
}

/** What shoppers may see: on sale, not archived, from an active seller. */
export function isPubliclyVisible(
  row: Pick<ProductDetailColumns, 'active' | 'archived' | 'seller_active'>,
): boolean {
  return row.active && !row.archived && row.seller_active;
}

export function toProductDetail(detail: ProductDetailRow, url: MediaUrl): ProductDto {
  const row = detail.product;
  const pricing = { price: money(row.price), discountPercent: row.discount_percent };
  const variants = toVariants(detail.variants, pricing);
  const images: ProductImageDto[] = detail.images.map((i) => ({
    id: i.id,
    thumbUrl: url(i.thumbKey),
    largeUrl: url(i.largeKey),
    alt: i.alt,
    position: i.position,
  }));
  const stock = variants.reduce((sum, v) => sum + v.stock, 0);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: pricing.price,
    currency: currencyCode(row.currency),
    discountPercent: row.discount_percent,
    minPrice: money(row.min_price),
    maxPrice: money(row.max_price),
    stock,
    inStock: stock > 0,
    variantCount: variants.length,
    thumbnailUrl: images.length ? images[0].thumbUrl : null,
    ratingAvg: Number(row.rating_avg),
    ratingCount: row.rating_count,
    soldCount: row.sold_count,
    categoryId: row.category_id,
    sellerId: row.seller_id,
    sellerName: row.seller_name,
    seller: { id: row.seller_id, name: row.seller_name, slug: row.seller_slug },
    breadcrumb: detail.breadcrumb ?? [],
    images,
    variants,
    customizationOptions: row.customization_options,
    active: row.active,
    archived: row.archived,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
