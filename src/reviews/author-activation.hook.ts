import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserActivationChange } from '../accounts/user-activation-hooks';
import { RatingDelta, RatingStats, ratingDelta } from './rating-stats';

/**
 * Registered on accounts' UserActivationHooks (ReviewsModule.onModuleInit): runs inside the
 * transaction that deactivates or reactivates a user. Their reviews keep every field; only
 * `author_active` flips, which takes the ones not hidden by staff out of (or back into) the public
 * lists and the product ratings in the same commit. Comments need nothing here: their public reads
 * join the author's `active` flag.
 */
@Injectable()
export class AuthorActivationHook {
  constructor(private readonly stats: RatingStats) {}

  async run(change: UserActivationChange, manager: EntityManager): Promise<void> {
    // The rows come back locked and with their current `hidden`, so the delta is exact even if
    // staff moderate one of them at the same moment.
    // (TypeORM answers an UPDATE with [rows, affectedCount].)
    const [changed] = (await manager.query(
      `UPDATE review SET author_active = $2 WHERE author_id = $1 AND author_active <> $2
       RETURNING product_id, rating, hidden`,
      [change.userId, change.active],
    )) as [{ product_id: string; rating: number; hidden: boolean }[], number];
    const deltas = new Map<string, RatingDelta>();
    for (const row of changed) {
      if (row.hidden) continue;
      const step = change.active ? ratingDelta(null, row.rating) : ratingDelta(row.rating, null);
      const sum = deltas.get(row.product_id) ?? [0, 0, 0, 0, 0];
      deltas.set(row.product_id, sum.map((d, i) => d + step[i]) as RatingDelta);
    }
    await this.stats.applyMany(deltas, manager);
  }
}
