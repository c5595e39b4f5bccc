import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MaxChars } from '../../common/max-chars';

export class CreateCommentDto {
  /** The question or remark, at most 2,000 characters, stored as sent (never rendered as HTML). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @MaxChars(2000)
  body: string;

  /** Reply to this comment (a top-level, approved comment of the same product; one level only). */
  @IsOptional()
  @IsUUID()
  parentId?: string;
}
