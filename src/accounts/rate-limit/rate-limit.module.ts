import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AppConfig } from '../../config/app-config';
import { LoginAttemptStore } from './login-attempt.store';
import { LoginLimiter } from './login-limiter';
import { MemoryLoginAttemptStore } from './memory-login-attempt.store';
import { RedisConnection } from './redis-connection';
import { RedisConnectionModule } from './redis-connection.module';
import { RedisLoginAttemptStore } from './redis-login-attempt.store';

/**
 * Rate limits of the auth routes. Per IP: @nestjs/throttler (applied with
 * `@UseGuards(ThrottlerGuard)` on login/register/refresh only, not globally), THROTTLE_AUTH_PER_MINUTE
 * per route. Password checks: LoginLimiter, per account and client IP with an account-wide back-off
 * (login-policy.ts). Both in memory, or in Redis when REDIS_URL is set so several instances share
 * the counts.
 */
@Module({
  imports: [
    RedisConnectionModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisConnectionModule],
      inject: [AppConfig, RedisConnection],
      useFactory: (config: AppConfig, redis: RedisConnection) => ({
        // The only throttler is named 'default' so its header is plain `Retry-After`.
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.throttle.authPerMinute }],
        errorMessage: 'Too many requests from this address; try again in a minute',
        storage: redis.client ? new ThrottlerStorageRedisService(redis.client) : undefined,
      }),
    }),
  ],
  providers: [
    {
      provide: LoginAttemptStore,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) =>
        redis.client ? new RedisLoginAttemptStore(redis.client) : new MemoryLoginAttemptStore(),
    },
    LoginLimiter,
  ],
  exports: [LoginLimiter],
})
export class RateLimitModule {}
