import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { SlotDecision } from './failure-window';
import { LoginAttemptStore } from './login-attempt.store';

/**
 * failure-window.ts's acquireSlot as one atomic Lua script over a sorted set (score = Clock time),
 * so instances sharing the Redis never both take the last slot. The key's TTL only garbage-collects
 * idle accounts; expiry decisions use the scores, i.e. the app's Clock.
 */
const ACQUIRE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < max then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, 0, count + 1}
end
local freeing = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
return {0, tonumber(freeing[2]) + window - now, count}
`;

export class RedisLoginAttemptStore extends LoginAttemptStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async acquire(key: string, now: number, windowMs: number, max: number): Promise<SlotDecision> {
    const [allowed, retryAfterMs] = (await this.redis.eval(
      ACQUIRE,
      1,
      this.redisKey(key),
      now,
      windowMs,
      max,
      `${now}:${randomUUID()}`,
    )) as [number, number, number];
    return { allowed: allowed === 1, retryAfterMs: Math.max(Number(retryAfterMs), 0) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.redisKey(key));
  }

  private redisKey(key: string): string {
    return `bazaar:login-failures:${key}`;
  }
}
