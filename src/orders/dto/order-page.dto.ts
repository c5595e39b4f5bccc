import { OrderSummaryDto } from './order.dto';

export class OrderPageDto {
  data: OrderSummaryDto[];
  /** Orders matching the filters, over all pages. */
  total: number;
  page: number;
  perPage: number;
}
