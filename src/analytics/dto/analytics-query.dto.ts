import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { INTERVALS, Interval } from '../analytics-period';

/** The period and scope every analytics route takes. */
export class AnalyticsQueryDto {
  /** First day of the period (inclusive), a calendar date in `tz`. @example "2026-01-01" */
  @IsString({ message: 'from must be a calendar date YYYY-MM-DD' })
  @MaxLength(10, { message: 'from must be a calendar date YYYY-MM-DD' })
  from: string;

  /** Last day of the period (inclusive), at most 3 years after `from`. @example "2026-12-31" */
  @IsString({ message: 'to must be a calendar date YYYY-MM-DD' })
  @MaxLength(10, { message: 'to must be a calendar date YYYY-MM-DD' })
  to: string;

  /** IANA time zone the dates and buckets are in; default the store's STORE_TIMEZONE. @example "Europe/Berlin" */
  @IsOptional()
  @IsString()
  @MaxLength(64, { message: 'tz must be an IANA time zone such as Europe/Berlin' })
  tz?: string;

  /** Staff only: one seller's lines (a seller may pass only its own id). */
  @IsOptional()
  @IsUUID('all', { message: 'sellerId must be a UUID' })
  sellerId?: string;

  /** Only products of this category and its subcategories. */
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  /** Only this product. */
  @IsOptional()
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId?: string;
}

export const COMPARES = ['previous_period', 'previous_year'] as const;
export type Compare = (typeof COMPARES)[number];

export class SalesQueryDto extends AnalyticsQueryDto {
  /** Bucket size; weeks start on Monday (ISO). */
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval = 'day';

  /** Adds the comparison series: the period of equal length before, or the same dates a year before. */
  @IsOptional()
  @IsIn(COMPARES, { message: `compare must be one of ${COMPARES.join(', ')}` })
  compare?: Compare;
}

export const TOP_BY = ['revenue', 'units', 'views'] as const;
export type TopBy = (typeof TOP_BY)[number];

export class TopProductsQueryDto extends AnalyticsQueryDto {
  @IsOptional()
  @IsIn(TOP_BY, { message: `by must be one of ${TOP_BY.join(', ')}` })
  by?: TopBy = 'revenue';

  /** How many products, at most 50. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(50, { message: 'limit must not be greater than 50' })
  limit?: number = 10;
}

export class ProductAnalyticsQueryDto extends AnalyticsQueryDto {
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval = 'day';
}

export class CategoriesQueryDto extends AnalyticsQueryDto {
  /** `true`: subcategories rolled up into their root categories. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'roots must be true or false' })
  roots?: 'true' | 'false';
}

export const REPORTS = ['sales', 'products', 'orders'] as const;
export type Report = (typeof REPORTS)[number];

export class ExportQueryDto extends AnalyticsQueryDto {
  @IsIn(REPORTS, { message: `report must be one of ${REPORTS.join(', ')}` })
  report: Report;

  /** Bucket size of the sales report. */
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval = 'day';
}
