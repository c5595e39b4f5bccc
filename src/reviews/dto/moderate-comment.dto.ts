import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { MaxChars } from '../../common/max-chars';
import { CommentStatus } from '../entities/comment.entity';

const DECISIONS = [CommentStatus.Approved, CommentStatus.Rejected] as const;

/** A staff decision on one comment. */
export class ModerateCommentDto {
  /** `approved` or `rejected`. */
  // The plugin cannot infer a union of enum members (it would document `type: object`).
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  status: CommentStatus.Approved | CommentStatus.Rejected;

  /** Why (shown to staff). @example "Off topic" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @MaxChars(500)
  reason?: string;
}

/** The same decision on up to 100 comments, all or nothing. */
export class BulkModerateCommentsDto extends ModerateCommentDto {
  /** Comment ids, 1 to 100, no repeats. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

/** What a bulk moderation changed. */
export class BulkModerationResultDto {
  status: CommentStatus;
  /** Ids whose status changed to `status`. */
  changed: string[];
  /** Ids that already had `status` (left as they were). */
  unchanged: string[];
}
