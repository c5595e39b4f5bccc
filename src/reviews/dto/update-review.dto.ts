import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REVIEW_TEXT_MAX } from './create-review.dto';
import { MaxChars } from '../../common/max-chars';

/** The author's edit: either field or both. */
export class UpdateReviewDto {
  /** Whole stars, 1 to 5. @example 4 */
  @IsOptional()
  // Listed last: class-validator reports the bottom rule first, so "5" and 2.5 say "integer".
  @Min(1)
  @Max(5)
  @IsInt()
  rating?: number;

  /** At most 2,000 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(REVIEW_TEXT_MAX)
  @MaxChars(REVIEW_TEXT_MAX)
  comment?: string;
}
