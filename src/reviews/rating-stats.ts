import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Change of the five histogram buckets (index 0 = 1 star … 4 = 5 stars). */
export type RatingDelta = [number, number, number, number, number];

/** What a write did to one review's place in the public rating: before and after (null: not counted). */
export function ratingDelta(before: number | null, after: number | null): RatingDelta {
  const delta: RatingDelta = [0, 0, 0, 0, 0];
  if (before !== null) delta[before - 1] -= 1;
  if (after !== null) delta[after - 1] += 1;
  return delta;
}

export const isZero = (delta: RatingDelta): boolean => delta.every((d) => d === 0);

const BUCKETS = [1, 2, 3, 4, 5];
const SUM = BUCKETS.map((k) => `${k} * s.count_${k}`).join(' + ');
const COUNT = BUCKETS.map((k) => `s.count_${k}`).join(' + ');

/**
 * Keeps `product.rating_avg` / `product.rating_count` exact under concurrency. One statement per
 * change, inside the transaction of the review write: one UPDATE adds the delta to the product's
 * histogram row (review_stats), which row-locks it until commit, so concurrent writes to one
 * product's reviews apply one after the other against the latest counts; the same statement
 * rewrites the product's two rating columns from the histogram it just produced (sum = Σ k·count_k,
 * so nothing rounded is ever accumulated). No value is read into the application and written
 * back. Only those two product columns are written, with a plain UPDATE of product; the catalog
 * owns the table and reads them for `minRating` and `-rating` (IDX_product_live_rating).
 */
@Injectable()
export class RatingStats {
  async apply(productId: string, delta: RatingDelta, manager: EntityManager): Promise<void> {
    if (isZero(delta)) return;
    // The histogram row exists from the product's first counted review on (an INSERT with a
    // negative delta would trip the CHECK before ON CONFLICT could turn it into an update).
    await manager.query(`INSERT INTO review_stats (product_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      productId,
    ]);
    await manager.query(
      `WITH s AS (
         UPDATE review_stats SET count_1 = count_1 + $2, count_2 = count_2 + $3, count_3 = count_3 + $4,
                                 count_4 = count_4 + $5, count_5 = count_5 + $6
          WHERE product_id = $1
         RETURNING *)
       UPDATE product p
          SET rating_count = ${COUNT},
              rating_avg = CASE WHEN ${COUNT} = 0 THEN 0 ELSE round((${SUM})::numeric / (${COUNT}), 2) END
         FROM s WHERE p.id = s.product_id`,
      [productId, ...delta],
    );
  }

  /**
   * Several products at once (an author deactivated or reactivated), one statement each in
   * ascending product id order, so two such changes never wait on each other in a cycle.
   */
  async applyMany(deltas: Map<string, RatingDelta>, manager: EntityManager): Promise<void> {
    for (const productId of [...deltas.keys()].sort())
      await this.apply(productId, deltas.get(productId)!, manager);
  }
}
