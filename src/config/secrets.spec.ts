import { describeValue, maskUrl, redactSecrets } from './secrets';

describe('maskUrl', () => {
  it.each([
    ['postgres://shop:s3cret@db:5432/shop', 'postgres://shop:***@db:5432/shop'],
    ['postgres://shop:p%40ss@db/shop', 'postgres://shop:***@db/shop'],
    ['postgres://shop:p@ss@db/shop', 'postgres://shop:***@db/shop'],
    ['redis://:tok3n@cache:6379', 'redis://:***@cache:6379'],
    ['rediss://default:tok3n@cache:6380/0', 'rediss://default:***@cache:6380/0'],
    ['postgres://shop@db/shop', 'postgres://shop@db/shop'],
    ['postgres://db:5432/shop', 'postgres://db:5432/shop'],
    ['mysql://root:hunter22@x', 'mysql://root:***@x'],
  ])('%s -> %s', (url, masked) => expect(maskUrl(url)).toBe(masked));
});

describe('describeValue', () => {
  it('shows secrets by length only, URLs without their password, anything else as given', () => {
    expect(describeValue('JWT_SECRET', 'short-secret')).toBe('got 12 characters, not shown');
    expect(describeValue('ADMIN_PASSWORD', 'pw')).toBe('got 2 characters, not shown');
    expect(describeValue('STRIPE_SECRET_KEY', 'sk_x')).toBe('got 4 characters, not shown');
    expect(describeValue('DATABASE_URL', 'mysql://u:pw@x')).toBe('got "mysql://u:***@x"');
    expect(describeValue('PORT', 'abc')).toBe('got "abc"');
  });
});

describe('redactSecrets', () => {
  const env = {
    JWT_SECRET: 'jwt-secret-value-that-is-long-enough-0',
    ADMIN_PASSWORD: 'admin-pass-1',
    DATABASE_URL: 'postgres://shop:p%40ss-w0rd@db/shop',
    REDIS_URL: 'redis://:redis-tok3n@cache:6379',
    PAYSTACK_SECRET_KEY: 'sk_live_paystack',
  };

  it('replaces every secret value, URL passwords raw and percent-decoded', () => {
    const text = [
      `connect to postgres://shop:p%40ss-w0rd@db/shop failed`,
      `auth p@ss-w0rd rejected`,
      `redis said redis-tok3n`,
      `jwt ${env.JWT_SECRET}, admin ${env.ADMIN_PASSWORD}, key ${env.PAYSTACK_SECRET_KEY}`,
    ].join('\n');
    const out = redactSecrets(text, env);
    for (const secret of [
      'p%40ss-w0rd',
      'p@ss-w0rd',
      'redis-tok3n',
      env.JWT_SECRET,
      env.ADMIN_PASSWORD,
      'sk_live',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('postgres://shop:***@db/shop');
    expect(out.split('\n')).toHaveLength(4);
  });

  it('leaves text alone when there is nothing secret in the environment', () => {
    expect(redactSecrets('plain message', { PORT: '3000', DATABASE_URL: 'postgres://db/shop' })).toBe(
      'plain message',
    );
  });
});
