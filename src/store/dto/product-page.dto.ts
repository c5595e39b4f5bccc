import { ProductSummaryDto } from './product-summary.dto';

/** A page of `GET /products`. */
export class ProductPageDto {
  data: ProductSummaryDto[];
  /**
   * Products matching the filters, over all pages. Exact whenever at most 10,000 products match,
   * and for shoppers' lists narrowed only by category and/or seller (counted as products change),
   * and for searches (`q`). Beyond 10,000 matches of other filters it is PostgreSQL's estimate
   * (never at or below 10,000), flagged by `totalIsEstimate`.
   */
  total: number;
  /** True when `total` is an estimate (more than 10,000 matches); page on until a page comes back short. */
  totalIsEstimate: boolean;
  page: number;
  perPage: number;
}
