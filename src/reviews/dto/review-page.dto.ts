import { ReviewDetailDto } from './review.dto';

/** A page of `GET /reviews`. */
export class ReviewPageDto {
  data: ReviewDetailDto[];
  total: number;
  page: number;
  perPage: number;
}
