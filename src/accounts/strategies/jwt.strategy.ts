import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { UnauthorizedError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { AuthUser } from '../auth-user';
import { UsersService } from '../users.service';

export interface AccessTokenPayload {
  sub: string;
  role: string;
  typ: 'access';
}

/**
 * Verifies the access token, then reads the user's current role and active flag by primary key
 * (one indexed lookup per request): a deactivated user is locked out at once and a role change
 * applies to the next request, without waiting for the token to expire.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a PEM public key on every verification — ~11% of the CPU of an authenticated request.
      // passport-jwt hands it to jsonwebtoken untouched; its typings only list string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret!)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    if (payload.typ !== 'access' || typeof payload.sub !== 'string')
      throw new UnauthorizedError('Invalid token');
    const user = await this.users.findAuthUser(payload.sub);
    if (!user) throw new UnauthorizedError('Account is deactivated or no longer exists', 'ACCOUNT_INACTIVE');
    return user;
  }
}
