import { AuthUserDto } from './auth-user.dto';

/** A fresh token pair. Send `accessToken` as `Authorization: Bearer …`; exchange `refreshToken` at /auth/refresh. */
export class AuthResponseDto {
  user: AuthUserDto;
  /** Short-lived JWT. */
  accessToken: string;
  /** Long-lived, single-use: each refresh returns a new one and the old one stops working. */
  refreshToken: string;
  /** Seconds until `accessToken` expires. @example 900 */
  expiresIn: number;
}
