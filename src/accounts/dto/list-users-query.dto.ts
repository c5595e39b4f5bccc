import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import { Role } from '../role';
import { toBoolean, trimmed } from './transforms';

export const USER_SORT_KEYS = ['createdAt', 'email', 'name', 'role'] as const;

export class ListUsersQueryDto extends PaginationQueryDto {
  /** Case-insensitive substring of the email or the name. @example "ada" */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** true: only active accounts; false: only deactivated ones. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  /** Comma-separated keys among createdAt, email, name, role; `-` for descending. @example "-createdAt,email" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;
}
