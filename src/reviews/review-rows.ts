import { ReviewDetailDto, ReviewDto } from './dto/review.dto';

/** A review row joined with the names the answers show (REVIEW_SELECT). */
export interface ReviewRow {
  id: string;
  product_id: string;
  author_id: string;
  author_name: string;
  rating: number;
  comment: string;
  verified_purchase: boolean;
  helpful_count: number;
  hidden: boolean;
  hidden_reason: string | null;
  moderated_by: string | null;
  moderator_name: string | null;
  moderated_at: Date | null;
  author_active: boolean;
  reply_body: string | null;
  reply_created_at: Date | null;
  reply_updated_at: Date | null;
  created_at: Date;
  updated_at: Date;
  product_name: string;
  seller_id: string;
  total?: string;
}

/** Columns of every review read (with REVIEW_FROM). */
export const REVIEW_COLUMNS = `r.id, r.product_id, r.author_id, a.name AS author_name, r.rating, r.comment,
  r.verified_purchase, r.helpful_count, r.hidden, r.hidden_reason, r.moderated_by, m.name AS moderator_name,
  r.moderated_at, r.author_active, r.reply_body, r.reply_created_at, r.reply_updated_at, r.created_at,
  r.updated_at, p.name AS product_name, p.seller_id`;

export const REVIEW_FROM = `FROM review r
  JOIN "user" a ON a.id = r.author_id
  JOIN product p ON p.id = r.product_id
  LEFT JOIN "user" m ON m.id = r.moderated_by`;

/** Every review read: add WHERE / ORDER BY. */
export const REVIEW_SELECT = `SELECT ${REVIEW_COLUMNS} ${REVIEW_FROM}`;

/** What the public sees of a review: counted in the rating and listed. */
export const PUBLIC_REVIEW = 'NOT r.hidden AND r.author_active';

export function toReviewDto(row: ReviewRow): ReviewDto {
  return {
    id: row.id,
    productId: row.product_id,
    author: { id: row.author_id, name: row.author_name },
    rating: row.rating,
    comment: row.comment,
    verifiedPurchase: row.verified_purchase,
    helpfulCount: row.helpful_count,
    reply:
      row.reply_body === null
        ? null
        : { body: row.reply_body, createdAt: row.reply_created_at!, updatedAt: row.reply_updated_at! },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `staff`: the caller is staff, the only ones shown who moderated (authors and sellers see the state). */
export function toReviewDetailDto(row: ReviewRow, staff: boolean): ReviewDetailDto {
  return {
    ...toReviewDto(row),
    productName: row.product_name,
    sellerId: row.seller_id,
    hidden: row.hidden,
    hiddenReason: row.hidden_reason,
    moderatedBy: staff && row.moderated_by ? { id: row.moderated_by, name: row.moderator_name ?? '' } : null,
    moderatedAt: row.moderated_at,
    authorActive: row.author_active,
    publiclyVisible: !row.hidden && row.author_active,
  };
}
