/** Sums of a period or bucket (money in minor units of `currency`). */
export class SalesFiguresDto {
  /** The seller's line totals after discount (shipping excluded). */
  revenue: number;
  /** Orders with at least one counted line in scope. */
  orders: number;
  units: number;
  /** Refunds completed in the period (counted on the refund date). */
  refunds: number;
  refundAmount: number;
  /** revenue - refundAmount. */
  netRevenue: number;
}

export class SummaryFiguresDto extends SalesFiguresDto {
  /** revenue / orders, rounded half up; 0 without orders. */
  averageOrderValue: number;
  /** Customers whose first counted order (in scope) is in the period; null with a product/category filter. */
  newCustomers: number | null;
  /** Customers who ordered in the period and had ordered before it; null with a product/category filter. */
  returningCustomers: number | null;
  /** Shipping charged, staff over the whole store only (null otherwise). */
  shipping: number | null;
}

export class PeriodDto {
  from: string;
  to: string;
}

/** Change in percent vs the previous period (one decimal); null when the previous value is 0. */
export class SummaryChangeDto {
  revenue: number | null;
  orders: number | null;
  units: number | null;
  averageOrderValue: number | null;
  refunds: number | null;
  refundAmount: number | null;
  netRevenue: number | null;
  newCustomers: number | null;
  returningCustomers: number | null;
}

export class AnalyticsEnvelopeDto {
  /** Numbers are complete up to this instant (rollups change in the transactions of the facts; views lag by the flush interval). */
  asOf: string;
  currency: string;
  tz: string;
}

export class SummaryDto extends AnalyticsEnvelopeDto {
  period: PeriodDto;
  previousPeriod: PeriodDto;
  current: SummaryFiguresDto;
  previous: SummaryFiguresDto;
  change: SummaryChangeDto;
}

export class SalesBucketDto extends SalesFiguresDto {
  /** First day of the bucket inside the period (YYYY-MM-DD in tz). */
  start: string;
  /** Last day of the bucket inside the period. */
  end: string;
}

export class SalesSeriesDto extends AnalyticsEnvelopeDto {
  interval: string;
  period: PeriodDto;
  /** Every bucket of the period, zero buckets included. */
  series: SalesBucketDto[];
  /** With `compare`: the comparison period and its own gap-free series (align by index). */
  comparePeriod: PeriodDto | null;
  comparison: SalesBucketDto[] | null;
}

export class TopProductDto {
  productId: string;
  name: string;
  slug: string;
  revenue: number;
  units: number;
  orders: number;
  refundAmount: number;
  views: number;
  /** orders / views (0..), null without views. */
  conversion: number | null;
}

export class ConversionDto {
  views: number;
  orders: number;
  conversion: number | null;
}

export class TopProductsDto extends AnalyticsEnvelopeDto {
  by: string;
  period: PeriodDto;
  data: TopProductDto[];
  /** Over every product in scope. */
  overall: ConversionDto;
}

export class ProductAnalyticsDto extends AnalyticsEnvelopeDto {
  product: TopProductDto;
  period: PeriodDto;
  interval: string;
  series: SalesBucketDto[];
}

export class CategoryFiguresDto {
  categoryId: string;
  name: string;
  revenue: number;
  units: number;
}

export class CategoriesAnalyticsDto extends AnalyticsEnvelopeDto {
  period: PeriodDto;
  roots: boolean;
  data: CategoryFiguresDto[];
}
