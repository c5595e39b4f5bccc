import { CommentStatus } from '../entities/comment.entity';
import { PersonDto } from './review.dto';

/** A comment as the public (or its author) sees it. */
export class CommentDto {
  id: string;
  productId: string;
  /** The comment this one answers, or null for a top-level comment. */
  parentId: string | null;
  author: PersonDto;
  /** Plain text as the author wrote it. */
  body: string;
  /** Others only ever see `approved`; the author also sees their own `pending` and `rejected` ones. */
  status: CommentStatus;
  /** Written by the caller. */
  mine: boolean;
  createdAt: Date;
}

/** A top-level comment with its replies (oldest first). */
export class CommentThreadDto extends CommentDto {
  replies: CommentDto[];
}

/** A page of `GET /products/:idOrSlug/comments`: top-level comments, newest first. */
export class CommentPageDto {
  data: CommentThreadDto[];
  total: number;
  page: number;
  perPage: number;
}

/** A comment with its moderation record (staff). */
export class ModeratedCommentDto {
  id: string;
  productId: string;
  productName: string;
  parentId: string | null;
  author: PersonDto;
  /** false while the author's account is deactivated (the comment is then not public either). */
  authorActive: boolean;
  body: string;
  status: CommentStatus;
  /** Who approved or rejected it last (the replying seller or staff member for auto-approved replies). */
  moderatedBy: PersonDto | null;
  moderatedAt: Date | null;
  moderationReason: string | null;
  createdAt: Date;
}

/** A page of `GET /comments` (the moderation queue). */
export class ModeratedCommentPageDto {
  data: ModeratedCommentDto[];
  total: number;
  page: number;
  perPage: number;
}
