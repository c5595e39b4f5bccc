import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MaxChars } from '../../common/max-chars';

export const REVIEW_TEXT_MAX = 2000;

export class CreateReviewDto {
  /** Whole stars, 1 to 5 (a JSON number: "5" or 2.5 are refused). @example 5 */
  // Listed last: class-validator reports the bottom rule first, so "5" and 2.5 say "integer".
  @Min(1)
  @Max(5)
  @IsInt()
  rating: number;

  /** Free text, at most 2,000 characters, stored as sent (never rendered as HTML by the API). */
  @IsOptional()
  @IsString()
  @MaxLength(REVIEW_TEXT_MAX)
  @MaxChars(REVIEW_TEXT_MAX)
  comment?: string;
}
