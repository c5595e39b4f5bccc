import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import { query, Queryable } from '../common/raw-rows';
import { CreateReviewDto } from './dto/create-review.dto';
import { HelpfulVoteDto } from './dto/helpful-vote.dto';
import { ReviewDetailDto } from './dto/review.dto';
import { ReviewVisibilityDto } from './dto/review-visibility.dto';
import { UpdateReviewDto } from './dto/update-review.dto';
import { ProductLookup } from './product-lookup';
import { RatingStats, ratingDelta } from './rating-stats';
import { REVIEW_SELECT, ReviewRow, toReviewDetailDto } from './review-rows';

/** The review row as a write sees it, locked FOR UPDATE for the rest of the transaction. */
interface LockedReview {
  id: string;
  product_id: string;
  author_id: string;
  seller_id: string;
  rating: number;
  hidden: boolean;
  author_active: boolean;
}

const counted = (r: { hidden: boolean; author_active: boolean }) => !r.hidden && r.author_active;

/**
 * Review writes. Each use case is one transaction that changes the review row and, with
 * RatingStats, the product's rating in the same commit. Writes to an existing review lock its
 * row first, so an edit, a hide and a delete of one review apply one after the other and each
 * computes its rating delta from the state it actually replaced.
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductLookup,
    private readonly stats: RatingStats,
  ) {}

  async create(productId: string, dto: CreateReviewDto, user: AuthUser): Promise<ReviewDetailDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      const product = await this.products.visible(productId, manager);
      if (product.sellerId === user.id) throw new ForbiddenError('You cannot review your own product');
      // FOR SHARE: a deactivation of this author (which locks the user row) either committed before,
      // and the review is written as not public, or waits until this review exists and is hidden by it.
      const [author] = await query<{ active: boolean }>(
        `SELECT active FROM "user" WHERE id = $1 FOR SHARE`,
        [user.id],
        manager,
      );
      const verified = await this.verifiedPurchase(user.id, product.id, manager);
      // No pre-check: UQ_review_author_product decides (409 REVIEW_EXISTS).
      const [row] = await query<{ id: string }>(
        `INSERT INTO review (product_id, author_id, rating, comment, verified_purchase, author_active)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [product.id, user.id, dto.rating, dto.comment ?? '', verified, author.active],
        manager,
      );
      if (author.active) await this.stats.apply(product.id, ratingDelta(null, dto.rating), manager);
      return row.id;
    });
    return this.detail(id, user, this.dataSource);
  }

  /** The author's edit; the verified flag is computed again (write time). */
  async update(id: string, dto: UpdateReviewDto, user: AuthUser): Promise<ReviewDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const review = await this.lock(id, manager);
      if (review.author_id !== user.id) this.refuse(review, user, 'Only the author can edit a review');
      const rating = dto.rating ?? review.rating;
      const verified = await this.verifiedPurchase(review.author_id, review.product_id, manager);
      await manager.query(
        `UPDATE review SET rating = $2, comment = COALESCE($3, comment), verified_purchase = $4, updated_at = now()
          WHERE id = $1`,
        [id, rating, dto.comment ?? null, verified],
      );
      if (counted(review))
        await this.stats.apply(review.product_id, ratingDelta(review.rating, rating), manager);
    });
    return this.detail(id, user, this.dataSource);
  }

  /** By its author or staff. */
  async remove(id: string, user: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const review = await this.lock(id, manager);
      if (review.author_id !== user.id && !isStaff(user.role))
        this.refuse(review, user, 'Only the author or staff can delete a review');
      await manager.query(`DELETE FROM review WHERE id = $1`, [id]);
      if (counted(review))
        await this.stats.apply(review.product_id, ratingDelta(review.rating, null), manager);
    });
  }

  /** Staff hide or show a review; who and when are recorded. */
  async setVisibility(id: string, dto: ReviewVisibilityDto, staff: AuthUser): Promise<ReviewDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const review = await this.lock(id, manager);
      await manager.query(
        `UPDATE review SET hidden = $2, hidden_reason = $3, moderated_by = $4, moderated_at = now() WHERE id = $1`,
        [id, dto.hidden, dto.hidden ? (dto.reason ?? null) : null, staff.id],
      );
      const after = { hidden: dto.hidden, author_active: review.author_active };
      await this.stats.apply(
        review.product_id,
        ratingDelta(counted(review) ? review.rating : null, counted(after) ? review.rating : null),
        manager,
      );
    });
    return this.detail(id, staff, this.dataSource);
  }

  /** One helpful vote per user and review; voting again changes nothing and answers the same. */
  async voteHelpful(id: string, user: AuthUser): Promise<HelpfulVoteDto> {
    return this.dataSource.transaction(async (manager) => {
      // FOR KEY SHARE (what the vote's foreign key takes anyway, taken first): a delete of the
      // review in flight is waited for and then answers 404, instead of the vote's insert failing
      // on the vanished row; concurrent votes do not block each other.
      const [review] = await query<{ author_id: string; hidden: boolean; author_active: boolean }>(
        `SELECT r.author_id, r.hidden, r.author_active FROM review r WHERE r.id = $1 FOR KEY SHARE`,
        [id],
        manager,
      );
      if (!review || !counted(review)) throw new NotFoundError('Review');
      if (review.author_id === user.id) throw new ForbiddenError('You cannot vote on your own review');
      const inserted = await query<{ review_id: string }>(
        `INSERT INTO review_helpful_vote (review_id, user_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING review_id`,
        [id, user.id],
        manager,
      );
      // The increment is one statement (no read-modify-write); TypeORM answers an UPDATE with [rows, count].
      if (inserted.length)
        await manager.query(`UPDATE review SET helpful_count = helpful_count + 1 WHERE id = $1`, [id]);
      const [row] = await query<{ helpful_count: number }>(
        `SELECT helpful_count FROM review WHERE id = $1`,
        [id],
        manager,
      );
      return { reviewId: id, helpfulCount: row.helpful_count, counted: inserted.length > 0 };
    });
  }

  /** The product seller's one reply; posting again edits it. */
  async reply(id: string, body: string, user: AuthUser): Promise<ReviewDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const review = await this.lock(id, manager);
      if (review.seller_id !== user.id)
        this.refuse(review, user, "Only the product's seller can reply to a review");
      await manager.query(
        `UPDATE review SET reply_body = $2, reply_created_at = COALESCE(reply_created_at, now()), reply_updated_at = now()
          WHERE id = $1`,
        [id, body],
      );
    });
    return this.detail(id, user, this.dataSource);
  }

  /**
   * Whether the author bought the product: an order of theirs containing it that is paid, shipped,
   * delivered or partially refunded, where that line was not refunded in full (succeeded refunds).
   * A read-join of the orders' and refunds' tables.
   */
  async verifiedPurchase(userId: string, productId: string, runner: Queryable): Promise<boolean> {
    const [row] = await query<{ verified: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM "order" o JOIN order_line ol ON ol.order_id = o.id
          WHERE o.user_id = $1 AND ol.product_id = $2
            AND o.status IN ('paid', 'shipped', 'delivered', 'partially_refunded')
            AND ol.quantity > COALESCE((
                  SELECT sum(rl.quantity) FROM refund_line rl JOIN refund rf ON rf.id = rl.refund_id
                   WHERE rl.order_line_id = ol.id AND rf.status = 'succeeded'), 0)
       ) AS verified`,
      [userId, productId],
      runner,
    );
    return row.verified;
  }

  async detail(id: string, viewer: AuthUser, runner: Queryable): Promise<ReviewDetailDto> {
    const [row] = await query<ReviewRow>(`${REVIEW_SELECT} WHERE r.id = $1`, [id], runner);
    if (!row) throw new NotFoundError('Review');
    return toReviewDetailDto(row, isStaff(viewer.role));
  }

  /** FOR UPDATE OF review only (the product row is not locked here; RatingStats serialises per product). */
  private async lock(id: string, manager: EntityManager): Promise<LockedReview> {
    const [row] = await query<LockedReview>(
      `SELECT r.id, r.product_id, r.author_id, p.seller_id, r.rating, r.hidden, r.author_active
         FROM review r JOIN product p ON p.id = r.product_id WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
      manager,
    );
    if (!row) throw new NotFoundError('Review');
    return row;
  }

  /** 403 for a review the caller can see (public, or any for staff), 404 for one they cannot. */
  private refuse(review: LockedReview, user: AuthUser, message: string): never {
    if (counted(review) || isStaff(user.role)) throw new ForbiddenError(message);
    throw new NotFoundError('Review');
  }
}
