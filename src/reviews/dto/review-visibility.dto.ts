import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { MaxChars } from '../../common/max-chars';

/** Staff moderation of a review. */
export class ReviewVisibilityDto {
  /** true hides the review from the public and from the product rating; false shows it again. */
  @IsBoolean()
  hidden: boolean;

  /** Why (shown to staff). @example "Abusive language" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @MaxChars(500)
  reason?: string;
}
