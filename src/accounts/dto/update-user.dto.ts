import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Role } from '../role';

/** Staff changes to an account. Staff may (de)activate customers and sellers; only admins change roles or touch staff/admin accounts. */
export class UpdateUserDto {
  /** false deactivates: the account's tokens stop working on its next request. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** Admins only. */
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
