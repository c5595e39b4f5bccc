import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import { money, moneyOrNull, query } from '../common/raw-rows';
import { effectivePrice } from './pricing';

export interface LockedProduct {
  id: string;
  sellerId: string;
  name: string;
  price: number;
  discountPercent: number;
}

/**
 * Ownership rule for every product write: the seller who owns it, or staff. Someone else gets
 * 403 when the product is public (they can see it) and 404 when it is not (its existence is not
 * revealed).
 */
@Injectable()
export class ProductAccess {
  /**
   * Locks the product row for the rest of the transaction (FOR UPDATE OF product only, no joined
   * rows): every write to a product, its variants or images goes through here, so concurrent edits
   * of one product serialise and the min/max price recomputed at the end sees all variants.
   */
  async lockForWrite(productId: string, user: AuthUser, manager: EntityManager): Promise<LockedProduct> {
    const [row] = await query<{
      id: string;
      seller_id: string;
      name: string;
      price: string;
      discount_percent: number;
      active: boolean;
      archived: boolean;
      seller_active: boolean;
    }>(
      `SELECT p.id, p.seller_id, p.name, p.price, p.discount_percent, p.active, p.archived, s.active AS seller_active
       FROM product p JOIN "user" s ON s.id = p.seller_id WHERE p.id = $1 FOR UPDATE OF p`,
      [productId],
      manager,
    );
    if (!row) throw new NotFoundError('Product');
    if (!isStaff(user.role) && row.seller_id !== user.id) {
      if (row.active && !row.archived && row.seller_active)
        throw new ForbiddenError('You can only change your own products');
      throw new NotFoundError('Product');
    }
    return {
      id: row.id,
      sellerId: row.seller_id,
      name: row.name,
      price: money(row.price),
      discountPercent: row.discount_percent,
    };
  }

  /**
   * lockForWrite for several products at once (locked in id order, so two bulk writers never
   * deadlock): all or nothing. An id that does not exist, or that is someone else's and not public,
   * is 404; someone else's public product is 403 — nothing is locked past the first refusal.
   */
  async lockManyForWrite(productIds: string[], user: AuthUser, manager: EntityManager): Promise<void> {
    const rows = await query<{ id: string; seller_id: string; public: boolean }>(
      `SELECT p.id, p.seller_id, (p.active AND NOT p.archived AND s.active) AS public
         FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p`,
      [productIds],
      manager,
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = productIds.filter((id) => !found.has(id));
    const foreign = isStaff(user.role) ? [] : rows.filter((r) => r.seller_id !== user.id);
    const hidden = foreign.filter((r) => !r.public).map((r) => r.id);
    if (missing.length || hidden.length) throw new NotFoundError('Product', { ids: [...missing, ...hidden] });
    if (foreign.length)
      throw new ForbiddenError('You can only change your own products', { ids: foreign.map((r) => r.id) });
  }

  /**
   * Recomputes the denormalised effective price range from the variants, with effectivePrice()
   * (the one pricing rule). Called at the end of every write transaction that may change a price,
   * a discount or the set of variants, while the product row is locked.
   */
  async refreshPriceRange(productId: string, manager: EntityManager): Promise<void> {
    const [product] = await query<{ price: string; discount_percent: number }>(
      `SELECT price, discount_percent FROM product WHERE id = $1`,
      [productId],
      manager,
    );
    const variants = await query<{ price_override: string | null }>(
      `SELECT price_override FROM product_variant WHERE product_id = $1`,
      [productId],
      manager,
    );
    const range = priceRange(
      { price: money(product.price), discountPercent: product.discount_percent },
      variants.map((v) => ({ priceOverride: moneyOrNull(v.price_override) })),
    );
    await manager.query(`UPDATE product SET min_price = $2, max_price = $3 WHERE id = $1`, [
      productId,
      range.min,
      range.max,
    ]);
  }
}

/** Lowest and highest effective price over the variants (the product's own price without variants). */
export function priceRange(
  product: { price: number; discountPercent: number },
  variants: { priceOverride?: number | null }[],
): { min: number; max: number } {
  if (!variants.length) {
    const only = effectivePrice(product);
    return { min: only, max: only };
  }
  const prices = variants.map((v) => effectivePrice(product, { priceOverride: v.priceOverride ?? null }));
  return { min: Math.min(...prices), max: Math.max(...prices) };
}
