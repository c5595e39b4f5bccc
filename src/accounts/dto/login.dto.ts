import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { toEmail } from './transforms';

export class LoginDto {
  /** @example "customer@bazaar.test" */
  @Transform(toEmail)
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  /** @example "customer-demo-123" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}
