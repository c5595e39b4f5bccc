import { ProductSummaryDto } from './product-summary.dto';

/** A page of `GET /products`. */
export class ProductPageDto {
  data: ProductSummaryDto[];
  /** Products matching the filters, over all pages. */
  total: number;
  page: number;
  perPage: number;
}
