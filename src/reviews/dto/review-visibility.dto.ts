import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** Staff moderation of a review. */
export class ReviewVisibilityDto {
  /** true hides the review from the public and from the product rating; false shows it again. */
  @IsBoolean()
  hidden: boolean;

  /** Why (shown to staff). @example "Abusive language" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
