import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { toEmail, trimmed } from './transforms';

/** A new customer account. There is no role field: every new account is a customer. */
export class RegisterDto {
  /** Login email; unique whatever its case. @example "ada@example.com" */
  @Transform(toEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  /** At least 8 characters, with a letter and a digit or symbol. @example "correct-horse-42" */
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(/^(?=.*[A-Za-z])(?=.*[^A-Za-z])/, {
    message: 'password must contain a letter and a digit or a symbol',
  })
  password: string;

  /** Display name. @example "Ada Lovelace" */
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}
