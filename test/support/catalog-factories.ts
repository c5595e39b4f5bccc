/**
 * Catalog builders for cart/checkout/order tests: categories, products and variants written
 * straight to the file's database (independent of the catalog endpoints), with prices kept
 * consistent through the same effectivePrice() the app uses.
 */
import { randomUUID } from 'node:crypto';
import { Role } from '../../src/accounts/role';
import { CustomizationOption } from '../../src/store/customization-option';
import { effectivePrice } from '../../src/store/pricing';
import { createUser, TestUser } from './factories';
import { TestApp } from './test-app';

export interface TestCategory {
  id: string;
  name: string;
  slug: string;
}

export interface TestVariant {
  id: string;
  sku: string;
  options: Record<string, string>;
  stock: number;
  priceOverride: number | null;
}

export interface TestProduct {
  id: string;
  name: string;
  slug: string;
  sellerId: string;
  categoryId: string;
  price: number;
  discountPercent: number;
  currency: string;
  variants: TestVariant[];
  /** The first variant (the only one of a simple product). */
  variant: TestVariant;
}

export interface ProductSpec {
  /** A seller user (or its id); a new seller is created when omitted. */
  seller?: TestUser | string;
  categoryId?: string;
  name?: string;
  price?: number;
  discountPercent?: number;
  currency?: string;
  /** Stock of the default variant when `variants` is not given. */
  stock?: number;
  variants?: {
    options: Record<string, string>;
    stock: number;
    priceOverride?: number | null;
    sku?: string;
  }[];
  customizationOptions?: CustomizationOption[];
  active?: boolean;
  archived?: boolean;
}

const short = () => randomUUID().slice(0, 8);

export async function createCategory(t: TestApp, name = `Category ${short()}`): Promise<TestCategory> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${short()}`;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO category (name, slug) VALUES ($1, $2) RETURNING id`,
    [name, slug],
  );
  return { id: row.id, name, slug };
}

export async function createProduct(t: TestApp, spec: ProductSpec = {}): Promise<TestProduct> {
  const sellerId =
    typeof spec.seller === 'string' ? spec.seller : (spec.seller ?? (await createUser(t, Role.Seller))).id;
  const categoryId = spec.categoryId ?? (await createCategory(t)).id;
  const name = spec.name ?? `Product ${short()}`;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${short()}`;
  const price = spec.price ?? 1000;
  const discountPercent = spec.discountPercent ?? 0;
  const currency = spec.currency ?? t.config.currency;
  const variantSpecs = spec.variants ?? [{ options: {}, stock: spec.stock ?? 10 }];
  const effective = variantSpecs.map((v) =>
    effectivePrice({ price, discountPercent }, { priceOverride: v.priceOverride ?? null }),
  );
  const [product] = await t.sql<{ id: string }>(
    `INSERT INTO product (seller_id, category_id, name, slug, price, currency, discount_percent, min_price, max_price,
                          active, archived, customization_options)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) RETURNING id`,
    [
      sellerId,
      categoryId,
      name,
      slug,
      price,
      currency,
      discountPercent,
      Math.min(...effective),
      Math.max(...effective),
      spec.active ?? true,
      spec.archived ?? false,
      JSON.stringify(spec.customizationOptions ?? []),
    ],
  );
  const variants: TestVariant[] = [];
  for (const [position, v] of variantSpecs.entries()) {
    const sku = v.sku ?? `SKU-${short()}-${position}`;
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO product_variant (product_id, options, sku, price_override, stock, position) VALUES ($1, $2::jsonb, $3, $4, $5, $6) RETURNING id`,
      [product.id, JSON.stringify(v.options), sku, v.priceOverride ?? null, v.stock, position],
    );
    variants.push({
      id: row.id,
      sku,
      options: v.options,
      stock: v.stock,
      priceOverride: v.priceOverride ?? null,
    });
  }
  return {
    id: product.id,
    name,
    slug,
    sellerId,
    categoryId,
    price,
    discountPercent,
    currency,
    variants,
    variant: variants[0],
  };
}

/** Current stock of a variant. */
export async function stockOf(t: TestApp, variantId: string): Promise<number> {
  const [row] = await t.sql<{ stock: number }>(`SELECT stock FROM product_variant WHERE id = $1`, [
    variantId,
  ]);
  return row.stock;
}

export async function setStock(t: TestApp, variantId: string, stock: number): Promise<void> {
  await t.sql(`UPDATE product_variant SET stock = $2 WHERE id = $1`, [variantId, stock]);
}

export async function soldCountOf(t: TestApp, productId: string): Promise<number> {
  const [row] = await t.sql<{ sold_count: number }>(`SELECT sold_count FROM product WHERE id = $1`, [
    productId,
  ]);
  return row.sold_count;
}

/**
 * Every product a shopper's search for `q` finds, ranked in plain SQL (ts_rank over the product's
 * own vector, best first, id descending on ties): what a relevance search must answer, page by page.
 */
export function rankedHits(t: TestApp, q: string): Promise<{ id: string; rank: number }[]> {
  return t.sql<{ id: string; rank: number }>(
    `SELECT p.id, ts_rank(p.search, websearch_to_tsquery('english', $1)) AS rank
       FROM product p JOIN "user" s ON s.id = p.seller_id
      WHERE p.active AND NOT p.archived AND s.active AND p.search @@ websearch_to_tsquery('english', $1)
      ORDER BY rank DESC, p.id DESC`,
    [q],
  );
}
