import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { envSchema } from './env.schema';

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./.data');
    expect(c.currency).toBe('USD');
    expect(c.shipping).toEqual({ fee: 500, freeOver: 5000 });
    expect(c.orderTtlMinutes).toBe(30);
    expect(c.cart).toEqual({ maxLineQuantity: 999, maxLines: 100 });
    expect(c.payments.fake).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.warnings).toEqual([]);
  });

  it('with DATABASE_URL the fake provider and the demo seed are off unless set explicitly', () => {
    const external = { DATABASE_URL: 'postgres://shop:pw@db.internal:5432/shop' };
    const c = loadConfig(external);
    expect(c.payments.fake).toBe(false);
    expect(c.seedDemo).toBe(false);
    expect(c.warnings).toEqual([]);

    const fakeOnly = loadConfig({ ...external, PAYMENTS_FAKE: 'true' });
    expect(fakeOnly.payments.fake).toBe(true);
    expect(fakeOnly.seedDemo).toBe(false);
    expect(fakeOnly.warnings).toEqual([
      'Demo settings with an external DATABASE_URL: PAYMENTS_FAKE=true (anyone can mark an order paid without paying); unset them outside a demo',
    ]);

    const both = loadConfig({ ...external, PAYMENTS_FAKE: 'true', SEED_DEMO: 'yes' });
    expect(both.seedDemo).toBe(true);
    expect(both.warnings).toHaveLength(1);
    expect(both.warnings[0]).toMatch(/PAYMENTS_FAKE=true .* and SEED_DEMO=true /);
    expect(both.warnings[0]).not.toContain('\n');
    expect(both.warnings[0]).not.toContain('pw');
  });

  it('the embedded database (no DATABASE_URL) keeps the demo on without a warning; explicit false turns it off', () => {
    expect(loadConfig({ PAYMENTS_FAKE: 'true', SEED_DEMO: 'true' }).warnings).toEqual([]);
    const off = loadConfig({ PAYMENTS_FAKE: 'false', SEED_DEMO: 'false' });
    expect(off.payments.fake).toBe(false);
    expect(off.seedDemo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be at most 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres or postgresql URL/],
    [{ STORE_CURRENCY: 'XYZ' }, /STORE_CURRENCY must be a supported ISO-4217 code/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ PAYMENTS_FAKE: 'maybe' }, /PAYMENTS_FAKE must be true or false/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET is required when NODE_ENV=production/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PAYMENTS_FAKE: 'true' },
      /PAYMENTS_FAKE must be false/,
    ],
    [{ ADMIN_EMAIL: 'a@b.co' }, /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/],
    [{ STRIPE_SECRET_KEY: 'sk_test_x' }, /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together/],
    [
      { STRIPE_WEBHOOK_SECRET: 'whsec_x' },
      /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together/,
    ],
    [{ TRUST_PROXY: 'my-lb' }, /TRUST_PROXY must be true, false, a hop count/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be/],
    [{ CART_MAX_LINES: '0' }, /CART_MAX_LINES must be at least 1/],
    [{ CART_MAX_LINE_QUANTITY: '1000001' }, /CART_MAX_LINE_QUANTITY must be at most 1000000/],
    [
      { HTTP_HEADERS_TIMEOUT_SECONDS: '30', HTTP_REQUEST_TIMEOUT_SECONDS: '20' },
      /HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS/,
    ],
    [{ THROTTLE_CHECKOUT_PER_MINUTE: '0' }, /THROTTLE_CHECKOUT_PER_MINUTE must be at least 1/],
  ])('refuses %j with one line naming the key', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('names a bad secret or URL key without printing the secret', () => {
    const env = {
      JWT_SECRET: 'too-short-jwt',
      ADMIN_EMAIL: 'boss@shop.test',
      ADMIN_PASSWORD: 'pw-123',
      DATABASE_URL: 'mysql://shop:db-pa55word@db/shop',
      REDIS_URL: 'http://:redis-pa55@cache',
      STRIPE_SECRET_KEY: '',
    };
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid configuration: DATABASE_URL must be a postgres or postgresql URL (got "mysql://shop:***@db/shop")',
      'Invalid configuration: JWT_SECRET must be at least 32 characters (got 13 characters, not shown)',
      'Invalid configuration: ADMIN_PASSWORD must be at least 10 characters (got 6 characters, not shown)',
      'Invalid configuration: REDIS_URL must be a redis or rediss URL (got "http://:***@cache")',
    ]);
    for (const secret of ['too-short-jwt', 'pw-123', 'db-pa55word', 'redis-pa55'])
      expect(message).not.toContain(secret);
  });

  it('production turns the fake provider and demo seed off by default', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(c.payments.fake).toBe(false);
    expect(c.seedDemo).toBe(false);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list of trusted addresses', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback ,::1' }).trustProxy).toBe(
      '10.0.0.0/8,loopback,::1',
    );
  });

  it('bounds slow clients and the expensive routes by default', () => {
    const c = loadConfig({});
    expect(c.http).toEqual({
      headersTimeoutSeconds: 20,
      requestTimeoutSeconds: 120,
      idleTimeoutSeconds: 60,
      keepAliveTimeoutSeconds: 72,
    });
    expect(c.rateLimits).toEqual({
      search: { perIpPerMinute: 300, perAccountPerMinute: 120 },
      uploads: { perIpPerMinute: 60, perAccountPerMinute: 30 },
      guestCarts: { perIpPerMinute: 60 },
      checkout: { perIpPerMinute: 60, perAccountPerMinute: 10 },
      paymentStatus: { perIpPerMinute: 120 },
      reviews: { perIpPerMinute: 60, perAccountPerMinute: 10 },
      comments: { perIpPerMinute: 60, perAccountPerMinute: 10 },
      votes: { perIpPerMinute: 300, perAccountPerMinute: 60 },
      analyticsExport: { perIpPerMinute: 30, perAccountPerMinute: 10 },
      ordersExport: { perIpPerMinute: 30, perAccountPerMinute: 10 },
    });
  });

  it('counts product views for analytics unless ANALYTICS_COUNT_VIEWS is false', () => {
    expect(loadConfig({}).analyticsCountViews).toBe(true);
    expect(loadConfig({ ANALYTICS_COUNT_VIEWS: 'false' }).analyticsCountViews).toBe(false);
    expect(() => loadConfig({ ANALYTICS_COUNT_VIEWS: 'maybe' })).toThrow(/ANALYTICS_COUNT_VIEWS/);
  });

  it('takes STORE_TIMEZONE as a canonical IANA zone, UTC by default', () => {
    expect(loadConfig({}).storeTimezone).toBe('UTC');
    expect(loadConfig({ STORE_TIMEZONE: 'america/new_york' }).storeTimezone).toBe('America/New_York');
    expect(() => loadConfig({ STORE_TIMEZONE: 'Mars/Olympus' })).toThrow(
      /STORE_TIMEZONE must be an IANA time zone/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('.env.example documents every key the schema reads', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const keys = Object.keys(envSchema.shape);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !keys.includes(k))).toEqual([]);
  });
});
