import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toBoolean } from '../../accounts/dto/transforms';
import { PaginationQueryDto } from '../../common/pagination';

export const PRODUCT_REVIEW_SORT_KEYS = ['createdAt', 'rating', 'helpful'] as const;

export class ProductReviewsQueryDto extends PaginationQueryDto {
  /** Only reviews with this many stars. @example 5 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  /** true: only verified purchases. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  verified?: boolean;

  /** `createdAt`, `rating`, `helpful`, `-` for descending; default `-createdAt`. @example "-helpful" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;
}
