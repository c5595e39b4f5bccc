import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { toEmail, trimmed } from './transforms';

/** Changes to your own profile; send only what changes. */
export class UpdateMeDto {
  /** New display name (the profile slug follows it). */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** New login email; needs `currentPassword`. */
  @IsOptional()
  @Transform(toEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  /** New password (same rules as registration); needs `currentPassword`. Signs out every other session. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(/^(?=.*[A-Za-z])(?=.*[^A-Za-z])/, {
    message: 'password must contain a letter and a digit or a symbol',
  })
  password?: string;

  /** Your current password: required to change `email` or `password`. */
  @ValidateIf((o: UpdateMeDto) => o.email !== undefined || o.password !== undefined)
  @IsString({ message: 'currentPassword is required to change email or password' })
  @IsNotEmpty({ message: 'currentPassword is required to change email or password' })
  @MaxLength(128)
  currentPassword?: string;
}
