import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error';
import { currencyCode, money, moneyOrNull } from '../common/raw-rows';
import { FileStorage } from '../storage/file-storage';
import { CustomizationOption } from './customization-option';
import { effectivePrice } from './pricing';
import { prepared } from '../database/prepared-statement-cache';

/** 409 naming the product when a variant has fewer units than asked for. */
export class InsufficientStockError extends ConflictError {
  constructor(details: {
    productId: string;
    variantId: string;
    productName: string;
    available: number;
    requested: number;
  }) {
    super(
      'INSUFFICIENT_STOCK',
      details.available > 0
        ? `Only ${details.available} left of ${details.productName}`
        : `${details.productName} is out of stock`,
      details,
    );
  }
}

/** A variant with what cart and checkout need of its product, read in one query. */
export interface VariantView {
  variantId: string;
  productId: string;
  sellerId: string;
  productName: string;
  productSlug: string;
  imageUrl: string | null;
  sku: string;
  options: Record<string, string>;
  stock: number;
  /** Price before discount: the variant override or the product price. */
  listPrice: number;
  discountPercent: number;
  /** effectivePrice(): what one unit costs now. */
  unitPrice: number;
  currency: string;
  customizationOptions: CustomizationOption[];
  /** Shoppers may buy it: product active, not archived, seller active. */
  purchasable: boolean;
}

export interface ProductForCart {
  productId: string;
  productName: string;
  purchasable: boolean;
  customizationOptions: CustomizationOption[];
  variants: VariantView[];
}

/** A stock change for one variant: negative reserves (checkout), positive releases (cancel, expiry). */
export interface StockDelta {
  variantId: string;
  delta: number;
  /** For the 409 message when a reservation fails. */
  productId?: string;
  productName?: string;
}

/** A row of VARIANT_VIEW_COLUMNS (as pg returns it, or through json_agg: then money comes as numbers). */
export interface VariantRow {
  variant_id: string;
  product_id: string;
  seller_id: string;
  name: string;
  slug: string;
  image_key: string | null;
  sku: string;
  options: Record<string, string>;
  stock: number;
  price: string | number;
  price_override: string | number | null;
  discount_percent: number;
  currency: string;
  customization_options: CustomizationOption[];
  purchasable: boolean;
}

/**
 * The select list of a VariantView over `product_variant v JOIN product p JOIN "user" u` (read
 * through toVariantView()); exported so the cart can read a product's variants and its own lines'
 * variants in the same statement as the cart.
 */
export const VARIANT_VIEW_COLUMNS = `
  v.id AS variant_id, v.product_id, v.sku, v.options, v.stock, v.price_override,
  p.seller_id, p.name, p.slug, p.price, p.discount_percent, p.currency, p.customization_options,
  (p.active AND NOT p.archived AND u.active) AS purchasable,
  (SELECT i.thumb_key FROM product_image i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_key`;

/**
 * The store's side of cart and checkout: variant lookups, stock reservation and release, sold
 * counts. Stock only moves through `applyStockDeltas`, inside the caller's transaction.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
  ) {}

  /** A product with all its variants (cart add), or null when it does not exist. */
  async getProductForCart(productId: string, manager?: EntityManager): Promise<ProductForCart | null> {
    const m = manager ?? this.dataSource.manager;
    const rows: VariantRow[] = await m.query(
      prepared(`SELECT ${VARIANT_VIEW_COLUMNS}
         FROM product p
         JOIN "user" u ON u.id = p.seller_id
         JOIN product_variant v ON v.product_id = p.id
        WHERE p.id = $1
        ORDER BY v.position, v.id`),
      [productId],
    );
    if (!rows.length) return null;
    const variants = rows.map((r) => this.toVariantView(r));
    const first = variants[0];
    return {
      productId: first.productId,
      productName: first.productName,
      purchasable: first.purchasable,
      customizationOptions: first.customizationOptions,
      variants,
    };
  }

  /** Variants by id with their product (one query); missing ids are absent from the map. */
  async getVariants(
    variantIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, VariantView>> {
    if (!variantIds.length) return new Map();
    const m = manager ?? this.dataSource.manager;
    const rows: VariantRow[] = await m.query(
      prepared(`SELECT ${VARIANT_VIEW_COLUMNS}
         FROM product_variant v
         JOIN product p ON p.id = v.product_id
         JOIN "user" u ON u.id = p.seller_id
        WHERE v.id = ANY($1::uuid[])`),
      [[...new Set(variantIds)]],
    );
    return new Map(rows.map((r) => [r.variant_id, this.toVariantView(r)]));
  }

  /**
   * Applies stock changes inside the caller's transaction. Deltas for the same variant are
   * summed first (checkout releases older orders and reserves new lines in one pass), then each
   * variant is updated in ascending id order, so concurrent transactions lock rows in the same
   * order and cannot deadlock. A reservation is one conditional statement
   * (`... WHERE stock >= $1`): under concurrency the second writer re-evaluates the condition on
   * the committed row, so stock never goes below zero; zero rows affected = not enough stock, and
   * the caller's transaction rolls back whatever it did before.
   */
  async applyStockDeltas(deltas: readonly StockDelta[], manager: EntityManager): Promise<void> {
    const merged = new Map<string, StockDelta>();
    for (const d of deltas) {
      const prev = merged.get(d.variantId);
      merged.set(d.variantId, {
        variantId: d.variantId,
        delta: (prev?.delta ?? 0) + d.delta,
        productId: prev?.productId ?? d.productId,
        productName: prev?.productName ?? d.productName,
      });
    }
    const ordered = [...merged.values()]
      .filter((d) => d.delta !== 0)
      .sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
    for (const d of ordered) {
      if (d.delta > 0) {
        // Releasing never fails; a variant deleted since has nothing to restock.
        await manager.query(prepared(`UPDATE product_variant SET stock = stock + $1 WHERE id = $2`), [
          d.delta,
          d.variantId,
        ]);
        continue;
      }
      const requested = -d.delta;
      const [rows] = (await manager.query(
        prepared(`UPDATE product_variant SET stock = stock - $1 WHERE id = $2 AND stock >= $1 RETURNING id`),
        [requested, d.variantId],
      )) as [unknown[], number];
      if (rows.length === 1) continue;
      const [current] = (await manager.query(`SELECT stock FROM product_variant WHERE id = $1`, [
        d.variantId,
      ])) as { stock: number }[];
      throw new InsufficientStockError({
        productId: d.productId ?? '',
        variantId: d.variantId,
        productName: d.productName ?? 'this product',
        available: Math.max(0, current?.stock ?? 0),
        requested,
      });
    }
  }

  /** Adds sold units to products (order paid), in ascending product id order. */
  async addSoldCounts(
    lines: readonly { productId: string; quantity: number }[],
    manager: EntityManager,
  ): Promise<void> {
    const totals = new Map<string, number>();
    for (const l of lines) totals.set(l.productId, (totals.get(l.productId) ?? 0) + l.quantity);
    for (const productId of [...totals.keys()].sort()) {
      await manager.query(prepared(`UPDATE product SET sold_count = sold_count + $1 WHERE id = $2`), [
        totals.get(productId),
        productId,
      ]);
    }
  }

  toVariantView(r: VariantRow): VariantView {
    const product = { price: money(r.price), discountPercent: r.discount_percent };
    const variant = { priceOverride: moneyOrNull(r.price_override) };
    return {
      variantId: r.variant_id,
      productId: r.product_id,
      sellerId: r.seller_id,
      productName: r.name,
      productSlug: r.slug,
      imageUrl: r.image_key ? this.storage.url(r.image_key) : null,
      sku: r.sku,
      options: r.options ?? {},
      stock: r.stock,
      listPrice: variant.priceOverride ?? product.price,
      discountPercent: r.discount_percent,
      unitPrice: effectivePrice(product, variant),
      currency: currencyCode(r.currency),
      customizationOptions: r.customization_options ?? [],
      purchasable: r.purchasable,
    };
  }
}
