import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import type { ProductStatusFilter } from '../catalog-sql';
import { MAX_PRICE } from './create-variant.dto';

/** Query strings carry "true"/"false"; anything else stays as is and fails @IsBoolean. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ProductListQueryDto extends PaginationQueryDto {
  /** Full-text search over name and description (web search syntax: words, "phrases", -exclusions). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  /** Category id or slug; includes all its subcategories. @example "bottles" */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  category?: string;

  /** Lowest effective price in minor units (matches products with a variant at or above it). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  minPrice?: number;

  /** Highest effective price in minor units (matches products with a variant at or below it). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  maxPrice?: number;

  /** true: at least one variant in stock; false: sold out. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inStock?: boolean;

  /** Seller id or profile slug. */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  seller?: string;

  /** Minimum average rating, 0-5. @example 4 */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5)
  minRating?: number;

  /**
   * Comma-separated keys, `-` for descending: `price`, `-price`, `name`, `-createdAt`, `-rating`,
   * `-sold`, `relevance` (best match first; only with `q`). Default: `relevance` with `q`, else `-createdAt`.
   * @example "-price"
   */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;

  /**
   * Keyset paging: a `nextCursor` or `prevCursor` from a previous page of the same query (same
   * filters and sort; `perPage` may change). Replaces `page`; not for searches ordered by relevance.
   * Deep pages cost the same as the first with a cursor, where `page` has to skip every row before it.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  cursor?: string;

  /** Sellers: list your own products, including inactive ones. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  mine?: boolean;

  /** Staff, or sellers with `mine=true`: `active`, `inactive`, `archived` or `all` (default: all but archived). */
  @IsOptional()
  @IsIn(['active', 'inactive', 'archived', 'all'])
  status?: ProductStatusFilter;
}
