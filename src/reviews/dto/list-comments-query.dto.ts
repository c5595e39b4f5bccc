import { IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import { CommentStatus } from '../entities/comment.entity';

export class ListCommentsQueryDto extends PaginationQueryDto {
  /** Default `pending`: the moderation queue. */
  @IsOptional()
  @IsEnum(CommentStatus)
  status: CommentStatus = CommentStatus.Pending;

  /** Comments of this product. */
  @IsOptional()
  @IsUUID()
  product?: string;

  /** `createdAt` (default: oldest first, the order to work through a queue) or `-createdAt`. */
  @IsOptional()
  @IsIn(['createdAt', '-createdAt'])
  sort?: 'createdAt' | '-createdAt';
}
