import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { REVIEW_TEXT_MAX } from './create-review.dto';
import { MaxChars } from '../../common/max-chars';

/** The product seller's answer under a review (one per review; posting again edits it). */
export class ReviewReplyInputDto {
  /** At most 2,000 characters. @example "Thanks! The refill pack ships next week." */
  @IsString()
  @IsNotEmpty()
  @MaxLength(REVIEW_TEXT_MAX)
  @MaxChars(REVIEW_TEXT_MAX)
  body: string;
}
