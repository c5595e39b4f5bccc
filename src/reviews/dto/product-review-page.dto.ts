import { ReviewDto } from './review.dto';

export class RatingBucketDto {
  /** Stars, 1 to 5. */
  rating: number;
  count: number;
}

/** The product's rating over all its public reviews (not narrowed by the list's filters). */
export class RatingSummaryDto {
  /** Average stars, two decimals (0 without reviews); equals the product's `ratingAvg`. @example 4.33 */
  average: number;
  count: number;
  /** Counts of 1- to 5-star reviews, in that order. */
  histogram: RatingBucketDto[];
}

/** A page of `GET /products/:idOrSlug/reviews`. */
export class ProductReviewPageDto {
  data: ReviewDto[];
  total: number;
  page: number;
  perPage: number;
  summary: RatingSummaryDto;
}
