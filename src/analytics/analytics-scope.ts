import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import { query } from '../common/raw-rows';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { NIL, RowScope } from './analytics-sql';

/** Who sees what: a seller its own lines only, staff the whole store or one seller. */
export interface AnalyticsScope {
  /** A seller id or NIL (every seller). */
  sellerId: string;
  staff: boolean;
  /** Set with `productId`. */
  product: { id: string; sellerId: string; name: string; slug: string } | null;
  /** Set with `categoryId`: the products of the category and its subcategories. */
  categoryProductIds: string[] | null;
}

export function narrowed(s: AnalyticsScope): boolean {
  return !!s.product || !!s.categoryProductIds;
}

/** Rows of the scope's totals (null product filter) or per product. */
export function totalsRows(s: AnalyticsScope): RowScope {
  if (s.product) return { sellerId: s.product.sellerId, productIds: [s.product.id] };
  if (s.categoryProductIds) return { sellerId: s.sellerId, productIds: s.categoryProductIds };
  return { sellerId: s.sellerId, productIds: null };
}

export function productRows(s: AnalyticsScope): RowScope {
  if (s.product) return { sellerId: s.product.sellerId, productIds: [s.product.id] };
  return { sellerId: s.sellerId, productIds: s.categoryProductIds ?? undefined };
}

@Injectable()
export class AnalyticsScopeResolver {
  constructor(private readonly dataSource: DataSource) {}

  async resolve(
    q: Pick<AnalyticsQueryDto, 'sellerId' | 'categoryId' | 'productId'>,
    user: AuthUser,
  ): Promise<AnalyticsScope> {
    const staff = isStaff(user.role);
    if (!staff && q.sellerId && q.sellerId !== user.id)
      throw new ForbiddenError(
        'A seller sees its own analytics only: leave sellerId out or pass your own id',
      );
    const sellerId = staff ? (q.sellerId ?? NIL) : user.id;
    let product: AnalyticsScope['product'] = null;
    if (q.productId) {
      const [row] = await query<{ id: string; seller_id: string; name: string; slug: string }>(
        `SELECT id, seller_id, name, slug FROM product WHERE id = $1`,
        [q.productId],
        this.dataSource,
      );
      if (!row) throw new NotFoundError('Product', { productId: q.productId });
      if (!staff && row.seller_id !== user.id) throw new ForbiddenError("This product is another seller's");
      product = {
        id: row.id,
        sellerId: sellerId === NIL ? row.seller_id : sellerId,
        name: row.name,
        slug: row.slug,
      };
    }
    let categoryProductIds: string[] | null = null;
    if (q.categoryId) {
      const rows = await query<{ id: string | null; found: boolean }>(
        `WITH RECURSIVE tree AS (
           SELECT id FROM category WHERE id = $1
           UNION ALL SELECT c.id FROM category c JOIN tree t ON c.parent_id = t.id)
         SELECT p.id, true AS found FROM tree LEFT JOIN product p ON p.category_id = tree.id`,
        [q.categoryId],
        this.dataSource,
      );
      if (!rows.length) throw new NotFoundError('Category', { categoryId: q.categoryId });
      categoryProductIds = rows.map((r) => r.id).filter((id): id is string => !!id);
    }
    return { sellerId, staff, product, categoryProductIds };
  }
}
