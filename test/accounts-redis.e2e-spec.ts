import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { freePort } from '../src/database/embedded-postgres.server';
import { createTestApp, TestApp } from './support/test-app';

/**
 * With REDIS_URL, rate limits are shared by every instance: two apps (two "instances") on one
 * Redis count the same per-account failures and the same per-IP requests. Needs a
 * `redis-server` binary on PATH (Debian: `apt-get install redis-server`); npm does not ship one.
 */
const redisServer = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server']).toString().trim() || undefined;
  } catch {
    return undefined;
  }
})();

// On a developer machine without redis-server this file is skipped (jest reports it); in CI it
// must run, and .ci/run installs redis-server when the machine lacks it.
if (!redisServer && process.env.CI)
  throw new Error('CI=true but redis-server is not on PATH: the shared rate-limit test cannot run');

(redisServer ? describe : describe.skip)(
  'accounts: rate limits shared through Redis (needs redis-server on PATH)',
  () => {
    let redis: ChildProcess;
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      const port = await freePort();
      redis = spawn(
        redisServer!,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        redis.stdout!.on(
          'data',
          (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve(),
        );
        redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
      });
      const env = {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        THROTTLE_AUTH_PER_MINUTE: '8',
        LOGIN_ACCOUNT_MAX_FAILURES: '8',
        THROTTLE_SEARCH_PER_MINUTE: '4',
      };
      [a, b] = await Promise.all([
        createTestApp('accounts_redis_a', env),
        createTestApp('accounts_redis_b', env),
      ]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      redis?.kill();
    });

    const login = (t: TestApp, email: string, ip: string) =>
      t.http.post(
        '/api/v1/auth/login',
        { email, password: 'wrong-password-1' },
        { headers: { 'x-forwarded-for': ip } },
      );

    it('failures on one instance count on the other: the address lock, the back-off and the rotation ceiling', async () => {
      const email = 'shared-victim@example.test';
      const password = 'victim-password-1';
      expect((await a.http.post('/api/v1/auth/register', { email, password, name: 'Victim' })).status).toBe(
        201,
      );
      const start = new Date('2032-06-01T00:00:00Z');
      const at = (ms: number) => [a, b].forEach((t) => t.clock.set(new Date(start.getTime() + ms)));
      at(0);
      for (const t of [a, b, a, b, a]) expect((await login(t, email, '198.51.100.1')).status).toBe(401);
      const locked = await login(b, email, '198.51.100.1');
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(locked.headers['retry-after'])).toBe(900);

      // Another address is not locked out; once it fails too, it meets the shared back-off (2^1 s).
      expect((await login(b, email, '198.51.100.2')).status).toBe(401);
      const backedOff = await login(a, email, '198.51.100.2');
      expect(backedOff.status).toBe(429);
      expect(Number(backedOff.headers['retry-after'])).toBe(2);

      // Fresh addresses get through until LOGIN_ACCOUNT_MAX_FAILURES (8); past it they wait too (2^3 s),
      // the owner included: the price of bounding an attacker who rotates addresses.
      expect((await login(a, email, '198.51.100.3')).status).toBe(401);
      expect((await login(b, email, '198.51.100.4')).status).toBe(401);
      expect((await login(a, email, '198.51.100.5')).status).toBe(429);
      const owner = (t: TestApp) =>
        t.http.post(
          '/api/v1/auth/login',
          { email, password },
          { headers: { 'x-forwarded-for': '198.51.100.6' } },
        );
      // (The account exists on a's database only: each test app has its own; the Redis is shared.)
      const waiting = await owner(b);
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers['retry-after'])).toBe(8);
      at(8000);
      expect((await owner(a)).status).toBe(200);
      // The owner's success forgot only the owner's check: the first address is still locked.
      expect((await login(a, email, '198.51.100.1')).status).toBe(429);

      at(15 * 60_000 + 1000);
      expect((await login(b, email, '198.51.100.1')).status).toBe(401);
    });

    it('the per-IP limit is shared too', async () => {
      const ip = '198.51.100.77';
      for (let i = 0; i < 8; i++)
        expect((await login(i % 2 ? a : b, `ip-${i}@example.test`, ip)).status).toBe(401);
      const limited = await login(a, 'ip-last@example.test', ip);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('so are the limits of the expensive routes (search here: RouteRateLimitGuard, same storage)', async () => {
      const search = (t: TestApp) =>
        t.http.get('/api/v1/products', {
          query: { q: 'lamp' },
          headers: { 'x-forwarded-for': '198.51.100.88' },
        });
      for (const t of [a, b, a, b]) expect((await search(t)).status).toBe(200);
      const limited = await search(a);
      expect(limited.status).toBe(429);
      expect(limited.body.message).toMatch(/^Too many searches from this address/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await search(b)).status).toBe(429);
    });
  },
);
