/** Who wrote something (public profile fields only). */
export class PersonDto {
  id: string;
  name: string;
}

export class ReviewReplyDto {
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A review as the public sees it. */
export class ReviewDto {
  id: string;
  productId: string;
  author: PersonDto;
  /** 1 to 5. */
  rating: number;
  /** Plain text as the author wrote it. */
  comment: string;
  /** The author had a paid, shipped or delivered (not refunded) order with this product when writing it. */
  verifiedPurchase: boolean;
  helpfulCount: number;
  /** The product seller's reply, if any. */
  reply: ReviewReplyDto | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A review with its moderation state (staff and sellers' `GET /reviews`, and write answers). */
export class ReviewDetailDto extends ReviewDto {
  productName: string;
  sellerId: string;
  /** Hidden by staff. */
  hidden: boolean;
  hiddenReason: string | null;
  /** Staff member who last hid or unhid it (shown to staff only: null for authors and sellers). */
  moderatedBy: PersonDto | null;
  moderatedAt: Date | null;
  /** false while the author's account is deactivated (the review is then not public either). */
  authorActive: boolean;
  /** Shown to the public and counted in the product rating: not hidden and the author is active. */
  publiclyVisible: boolean;
}
