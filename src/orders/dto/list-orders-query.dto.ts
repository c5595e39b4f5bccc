import { PickType } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import { OrderStatus } from '../order-state';

export const ORDER_SORT_KEYS = ['createdAt', 'total', 'number', 'status'] as const;

export class ListOrdersQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  /** Created at or after (ISO 8601). @example "2026-01-01" */
  @IsOptional()
  @IsDateString()
  from?: string;

  /** Created before (ISO 8601). @example "2026-02-01" */
  @IsOptional()
  @IsDateString()
  to?: string;

  /** Staff: orders of this customer (user id). */
  @IsOptional()
  @IsUUID()
  customer?: string;

  /** Staff: orders holding a line of this seller (user id); anyone else → 403. */
  @IsOptional()
  @IsUUID()
  seller?: string;

  /** Exact order number, e.g. `BZ-000123` (or `123`). */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  number?: string;

  /** Staff: search by order number or customer email prefix. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  /** `createdAt`, `total`, `number`, `status`, `-` for descending. @example "-createdAt" */
  @IsOptional()
  @IsString()
  sort?: string;
}

/** The list's filters, without paging and sort (the CSV export takes these). */
export const ORDER_FILTER_KEYS = ['status', 'from', 'to', 'customer', 'seller', 'number', 'q'] as const;
export type OrderFilters = Pick<ListOrdersQueryDto, (typeof ORDER_FILTER_KEYS)[number]>;

export class ExportOrdersQueryDto extends PickType(ListOrdersQueryDto, ORDER_FILTER_KEYS) {}
