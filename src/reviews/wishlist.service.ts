import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { offsetOf, toPage } from '../common/pagination';
import { currencyCode, money, query, Queryable } from '../common/raw-rows';
import { WishlistItemDto, WishlistPageDto } from './dto/wishlist.dto';
import { ProductLookup } from './product-lookup';

interface WishlistRow {
  product_id: string;
  name: string;
  slug: string;
  min_price: string;
  max_price: string;
  currency: string;
  stock: string | null;
  available: boolean;
  added_at: Date;
  total?: string;
}

/** Current price, stock and availability read-joined from the catalog at read time. */
const ITEM_SELECT = `
  SELECT w.product_id, p.name, p.slug, p.min_price, p.max_price, p.currency, w.created_at AS added_at,
         (p.active AND NOT p.archived AND s.active) AS available,
         (SELECT sum(v.stock) FROM product_variant v WHERE v.product_id = p.id) AS stock`;
const ITEM_FROM = `
    FROM wishlist_item w
    JOIN product p ON p.id = w.product_id
    JOIN "user" s ON s.id = p.seller_id`;

function toItem(row: WishlistRow): WishlistItemDto {
  const stock = row.stock === null ? 0 : Number(row.stock);
  return {
    productId: row.product_id,
    name: row.name,
    slug: row.slug,
    price: money(row.min_price),
    maxPrice: money(row.max_price),
    currency: currencyCode(row.currency),
    stock,
    available: row.available,
    inStock: row.available && stock > 0,
    addedAt: row.added_at,
  };
}

/** The signed-in user's wishlist: idempotent add and remove, the primary key keeps one row per product. */
@Injectable()
export class WishlistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductLookup,
  ) {}

  async list(userId: string, q: { page: number; perPage: number }): Promise<WishlistPageDto> {
    const rows = await query<WishlistRow>(
      `${ITEM_SELECT}, count(*) OVER () AS total ${ITEM_FROM}
        WHERE w.user_id = $1 ORDER BY w.created_at DESC, w.product_id DESC LIMIT $2 OFFSET $3`,
      [userId, q.perPage, offsetOf(q)],
      this.dataSource,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && q.page > 1) {
      const [{ count }] = await query<{ count: string }>(
        `SELECT count(*) AS count FROM wishlist_item WHERE user_id = $1`,
        [userId],
        this.dataSource,
      );
      total = Number(count);
    }
    return toPage(rows.map(toItem), total, q);
  }

  /**
   * Adds a product the shop shows (404 otherwise); `created` is false when it was already there,
   * which answers 200 with the item as it is now even if the product was archived since.
   */
  async add(userId: string, productId: string): Promise<{ item: WishlistItemDto; created: boolean }> {
    const existing = await this.item(userId, productId);
    if (existing) return { item: existing, created: false };
    const product = await this.products.visible(productId, this.dataSource);
    return this.dataSource.transaction(async (manager) => {
      // An upsert rather than DO NOTHING: it returns the row either way and keeps it locked, so
      // the item read below finds it even if the same user removes it at this moment (xmax = 0:
      // this statement inserted it; the no-op update leaves created_at as it was).
      const [{ created }] = await query<{ created: boolean }>(
        `INSERT INTO wishlist_item (user_id, product_id) VALUES ($1, $2)
         ON CONFLICT (user_id, product_id) DO UPDATE SET user_id = EXCLUDED.user_id
         RETURNING (xmax = 0) AS created`,
        [userId, product.id],
        manager,
      );
      return { item: (await this.item(userId, product.id, manager))!, created };
    });
  }

  private async item(
    userId: string,
    productId: string,
    runner: Queryable = this.dataSource,
  ): Promise<WishlistItemDto | undefined> {
    const [row] = await query<WishlistRow>(
      `${ITEM_SELECT} ${ITEM_FROM} WHERE w.user_id = $1 AND w.product_id = $2`,
      [userId, productId],
      runner,
    );
    return row && toItem(row);
  }

  /** Idempotent: removing a product that is not there is fine too. */
  async remove(userId: string, productId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM wishlist_item WHERE user_id = $1 AND product_id = $2`, [
      userId,
      productId,
    ]);
  }
}
