import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerStorage, normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { TooManyRequestsError } from '../../common/errors/domain-error';
import { AppConfig, RateLimitPolicy } from '../../config/app-config';
import type { AuthUser } from '../auth-user';

export type RateLimitedRequest = FastifyRequest & { user?: AuthUser };

interface RouteRateLimit {
  policy: RateLimitPolicy;
  /** Counts only the requests this returns true for (e.g. a list only when it searches). */
  when?: (request: RateLimitedRequest, config: AppConfig) => boolean;
}

const ROUTE_RATE_LIMIT = 'bazaar:route-rate-limit';
const WINDOW_MS = 60_000;
const WHAT: Record<RateLimitPolicy, string> = {
  search: 'searches',
  uploads: 'uploads',
  guestCarts: 'new carts',
  checkout: 'checkouts',
  paymentStatus: 'payment status checks',
  reviews: 'new reviews',
  comments: 'new comments',
  votes: 'votes',
  analyticsExport: 'analytics exports',
  ordersExport: 'order exports',
};

/**
 * The per-route limits of the expensive routes (search, uploads, guest carts, checkout), counted
 * in the same ThrottlerStorage as the auth routes' per-IP limit (rate-limit.module.ts): in memory,
 * or in Redis when REDIS_URL is set so every instance counts the same requests. Fixed one-minute
 * windows; over the limit answers 429 TOO_MANY_REQUESTS with `Retry-After` until the window ends.
 * Runs after the global auth guards, so an authenticated route counts only authenticated calls.
 * If the storage (Redis) is unreachable the request goes through: an outage of the limiter must
 * not take search and checkout down with it (the auth routes, by contrast, fail closed).
 */
@Injectable()
export class RouteRateLimitGuard implements CanActivate {
  private readonly logger = new Logger(RouteRateLimitGuard.name);
  private storageDown = false;

  constructor(
    private readonly reflector: Reflector,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<RouteRateLimit | undefined>(ROUTE_RATE_LIMIT, context.getHandler());
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<RateLimitedRequest>();
    if (rule.when && !rule.when(request, this.config)) return true;
    const limits = this.config.rateLimits[rule.policy];
    await this.take(rule.policy, `ip:${normalizeIp(request.ip)}`, limits.perIpPerMinute, 'address');
    if (request.user && limits.perAccountPerMinute !== undefined)
      await this.take(rule.policy, `account:${request.user.id}`, limits.perAccountPerMinute, 'account');
    return true;
  }

  private async take(
    policy: RateLimitPolicy,
    tracker: string,
    limit: number,
    who: 'address' | 'account',
  ): Promise<void> {
    let record;
    try {
      record = await this.storage.increment(
        `bazaar:rate:${policy}:${tracker}`,
        WINDOW_MS,
        limit,
        WINDOW_MS,
        policy,
      );
    } catch (err) {
      if (!this.storageDown)
        this.logger.warn(`rate-limit storage unreachable, not limiting: ${(err as Error).message}`);
      this.storageDown = true;
      return;
    }
    this.storageDown = false;
    if (!record.isBlocked) return;
    const seconds = Math.max(1, record.timeToBlockExpire);
    throw new TooManyRequestsError(
      'TOO_MANY_REQUESTS',
      `Too many ${WHAT[policy]} from this ${who}; try again in ${seconds} second(s)`,
      seconds,
    );
  }
}

/**
 * Limits a route by one of the policies in AppConfig.rateLimits (THROTTLE_<POLICY>_PER_MINUTE per
 * client IP, THROTTLE_<POLICY>_PER_ACCOUNT_PER_MINUTE per logged-in account). Routes sharing a
 * policy share its counts (image and avatar uploads are one budget).
 */
export const RateLimit = (policy: RateLimitPolicy, when?: RouteRateLimit['when']) =>
  applyDecorators(
    SetMetadata(ROUTE_RATE_LIMIT, { policy, when } satisfies RouteRateLimit),
    UseGuards(RouteRateLimitGuard),
    ApiErrors(429),
  );
