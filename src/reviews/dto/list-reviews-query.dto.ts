import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { toBoolean } from '../../accounts/dto/transforms';
import { PaginationQueryDto } from '../../common/pagination';

export const REVIEW_SORT_KEYS = ['createdAt', 'rating', 'helpful'] as const;

/** Staff: every review; sellers: `mine=true`, the public reviews of their own products. */
export class ListReviewsQueryDto extends PaginationQueryDto {
  /** Reviews of the caller's products (required for sellers). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  mine?: boolean;

  /** Product id. */
  @IsOptional()
  @IsUUID()
  product?: string;

  /** Staff: reviews of this seller's products (user id). */
  @IsOptional()
  @IsUUID()
  seller?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  /** Staff: `visible` (not hidden by staff) or `hidden`. */
  @IsOptional()
  @IsIn(['visible', 'hidden'])
  status?: 'visible' | 'hidden';

  /** Words in the review text (case-insensitive substring). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** `createdAt`, `rating`, `helpful`, `-` for descending; default `-createdAt`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;
}
