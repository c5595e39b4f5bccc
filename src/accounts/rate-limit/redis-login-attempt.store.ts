import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { LoginDecision, LoginPolicy, LoginRefusal } from './login-policy';
import { LoginAttemptStore } from './login-attempt.store';

/**
 * login-policy.ts's decideLogin as one atomic Lua script over a sorted set per account
 * (score = Clock time, member = `<client>|<unique id>`), so instances sharing the Redis never
 * both take the last slot. The set stays small (the policy bounds it), so the script reads it
 * whole. The key's TTL only garbage-collects idle accounts; expiry decisions use the scores,
 * i.e. the app's Clock.
 */
const ACQUIRE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local prefix = ARGV[3] .. '|'
local clientMax = tonumber(ARGV[4])
local backoffAfter = tonumber(ARGV[5])
local backoffMax = tonumber(ARGV[6])
local accountMax = tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local all = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
local count = #all / 2
local mine = {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, #prefix) == prefix then mine[#mine + 1] = tonumber(all[i + 1]) end
end
if #mine >= clientMax then
  return {0, mine[#mine - clientMax + 1] + window - now, 1}
end
if count >= backoffAfter and (#mine > 0 or count >= accountMax) then
  local wait = math.min(1000 * 2 ^ math.min(count - backoffAfter, 40), backoffMax)
  local opensAt = tonumber(all[#all]) + wait
  if now < opensAt then return {0, opensAt - now, 2} end
end
redis.call('ZADD', key, now, ARGV[3] .. '|' .. ARGV[8])
redis.call('PEXPIRE', key, window)
return {1, 0, 0}
`;

const FORGET = `
local prefix = ARGV[1] .. '|'
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, 1, #prefix) == prefix then redis.call('ZREM', KEYS[1], member) end
end
return 0
`;

const REFUSALS: Record<number, LoginRefusal> = { 1: 'client_locked', 2: 'account_backoff' };

export class RedisLoginAttemptStore extends LoginAttemptStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async acquire(account: string, client: string, now: number, policy: LoginPolicy): Promise<LoginDecision> {
    const [allowed, retryAfterMs, refusal] = (await this.redis.eval(
      ACQUIRE,
      1,
      this.redisKey(account),
      now,
      policy.windowMs,
      client,
      policy.clientMaxFailures,
      policy.backoffAfter,
      policy.backoffMaxMs,
      policy.accountMaxFailures,
      `${now}:${randomUUID()}`,
    )) as [number, number, number];
    if (allowed === 1) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(Number(retryAfterMs), 0), refusal: REFUSALS[refusal] };
  }

  async forget(account: string, client: string): Promise<void> {
    await this.redis.eval(FORGET, 1, this.redisKey(account), client);
  }

  private redisKey(account: string): string {
    return `bazaar:login-failures:${account}`;
  }
}
