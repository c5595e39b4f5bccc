import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  /** The refresh token from the last login or refresh. Each one can be exchanged once. */
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}
