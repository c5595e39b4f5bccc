import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { query, Queryable } from '../common/raw-rows';

export interface VisibleProduct {
  id: string;
  sellerId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The product a shopper may review, comment on or wish for: active, not archived, of an active
 * seller (what the catalog shows). Anything else, unknown ids included, is 404 without saying
 * which. A read-join of the catalog's table (the query-service rule), no write.
 */
@Injectable()
export class ProductLookup {
  async visible(idOrSlug: string, runner: Queryable): Promise<VisibleProduct> {
    const byId = UUID.test(idOrSlug);
    const [row] = await query<{ id: string; seller_id: string }>(
      `SELECT p.id, p.seller_id
         FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE ${byId ? 'p.id = $1::uuid' : 'p.slug = $1'} AND p.active AND NOT p.archived AND s.active`,
      [byId ? idOrSlug : idOrSlug.slice(0, 220)],
      runner,
    );
    if (!row) throw new NotFoundError('Product');
    return { id: row.id, sellerId: row.seller_id };
  }
}
