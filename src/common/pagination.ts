import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';

export const MAX_PER_PAGE = 100;

/**
 * Query parameters every list endpoint accepts. Extend it in a module's list DTO. Documented with
 * explicit decorators: the Swagger CLI plugin only reads `*.dto.ts` files, and this is not one.
 */
export class PaginationQueryDto {
  /** 1-based page number. */
  @ApiPropertyOptional({ description: '1-based page number.', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  /** Items per page, at most 100. */
  @ApiPropertyOptional({
    description: 'Items per page, at most 100.',
    minimum: 1,
    maximum: MAX_PER_PAGE,
    default: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  perPage: number = 20;
}

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  perPage: number;
}

export function offsetOf(q: { page: number; perPage: number }): number {
  return (q.page - 1) * q.perPage;
}

export function toPage<T>(data: T[], total: number, q: { page: number; perPage: number }): Page<T> {
  return { data, total, page: q.page, perPage: q.perPage };
}

/**
 * react-admin's simple REST provider reads the total from `Content-Range` or `X-Total-Count`.
 * Both are set on every list response (and exposed through CORS).
 */
export function setPageHeaders(reply: FastifyReply, resource: string, page: Page<unknown>): void {
  const start = (page.page - 1) * page.perPage;
  const end = page.data.length ? start + page.data.length - 1 : start;
  void reply.header('Content-Range', `${resource} ${start}-${end}/${page.total}`);
  void reply.header('X-Total-Count', String(page.total));
}
