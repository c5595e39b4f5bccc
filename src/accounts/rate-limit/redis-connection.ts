import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/**
 * The one Redis connection of the rate limits (per-IP throttler storage and per-account login
 * slots), or null without REDIS_URL. Closed after the HTTP server has drained, so in-flight
 * logins can still finish their check.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  readonly client: Redis | null;

  constructor(config: AppConfig) {
    this.client = config.redisUrl
      ? new Redis(config.redisUrl, {
          // Fail a request quickly rather than hang a login while Redis is unreachable.
          maxRetriesPerRequest: 2,
          connectTimeout: 5000,
          lazyConnect: false,
        })
      : null;
    // Without a listener ioredis prints every reconnect error to stderr; log them once each instead.
    let lastError = '';
    this.client?.on('error', (err: Error) => {
      if (err.message !== lastError) this.logger.warn(`Redis: ${err.message}`);
      lastError = err.message;
    });
    this.client?.on('ready', () => (lastError = ''));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client && this.client.status !== 'end')
      await this.client.quit().catch(() => this.client?.disconnect());
  }
}
