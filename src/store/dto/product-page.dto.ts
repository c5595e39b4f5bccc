import { ProductSummaryDto } from './product-summary.dto';

/** A page of `GET /products`. */
export class ProductPageDto {
  data: ProductSummaryDto[];
  /**
   * Products matching the filters, over all pages. Exact whenever at most 10,000 products match,
   * and for shoppers' lists narrowed only by category and/or seller or searching one word by
   * relevance (counted as products change).
   * Beyond 10,000 matches it is PostgreSQL's estimate (never at or below 10,000), flagged by
   * `totalIsEstimate`. A shopper's one-word search by relevance (no other filter) ranks every
   * match, and every page of it can be reached. Any other search by relevance reads at most its
   * first 10,001 matches (in index order) and ranks those: with more matches than that, its
   * relevance order covers those 10,001 candidates only; narrow the search, or sort by a column,
   * to reach the others.
   */
  total: number;
  /** True when `total` is an estimate (more than 10,000 matches); page on until a page comes back short. */
  totalIsEstimate: boolean;
  /** The page number asked for; null on a page reached by `cursor`. */
  page: number | null;
  perPage: number;
  /**
   * Opaque cursor for the page after this one (pass it as `cursor`), null when this is the last
   * page or the list is a search ordered by relevance. Keyset paging: no row is skipped or repeated
   * while paging, whatever the writes in between, and a deep page costs what the first does.
   */
  nextCursor: string | null;
  /** Opaque cursor for the page before this one; null on the first page. */
  prevCursor: string | null;
}
