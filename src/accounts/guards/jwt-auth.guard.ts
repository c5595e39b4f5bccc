import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, PUBLIC_IGNORE_TOKEN } from '../../common/decorators/public.decorator';
import { UnauthorizedError } from '../../common/errors/domain-error';

/**
 * Global guard: every route needs a valid access token unless marked @Public().
 * On a public route a token is optional, but if one is sent it must be valid
 * (so a guest cart route still knows the logged-in user). Routes marked
 * `@Public({ ignoreToken: true })` (login, register, refresh) never read it.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | string>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === PUBLIC_IGNORE_TOKEN) return true;
    if (isPublic) {
      const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
      if (!request.headers.authorization) return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err) throw err instanceof Error ? err : new UnauthorizedError('Authentication failed');
    if (!user) {
      const reason =
        info instanceof Error && info.name === 'TokenExpiredError'
          ? 'Access token expired'
          : 'Authentication required';
      throw new UnauthorizedError(
        reason,
        info instanceof Error && info.name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : 'UNAUTHORIZED',
      );
    }
    return user;
  }
}
