/** Answer of `POST /reviews/:id/helpful` (the same for the first and any repeated vote). */
export class HelpfulVoteDto {
  reviewId: string;
  /** Helpful votes the review now has. */
  helpfulCount: number;
  /** true: this call recorded the vote; false: the caller had already voted. */
  counted: boolean;
}
