import { STRIPE_MAX_EXPIRY_MS, STRIPE_MIN_EXPIRY_MS, stripeExpiresAt } from './stripe.provider';

describe('Stripe session expiry vs ORDER_TTL_MINUTES', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const minutes = (m: number) => new Date(now + m * 60_000);
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it('follows the order expiry when it lies within Stripe window', () => {
    expect(stripeExpiresAt(minutes(45), now)).toBe(seconds(now + 45 * 60_000));
    expect(stripeExpiresAt(minutes(6 * 60), now)).toBe(seconds(now + 6 * 3600_000));
  });

  it('an order TTL under 30 minutes still gets a session of 30 minutes plus a minute of clock skew', () => {
    for (const ttl of [1, 20, 30])
      expect(stripeExpiresAt(minutes(ttl), now)).toBe(seconds(now + STRIPE_MIN_EXPIRY_MS + 60_000));
    expect(stripeExpiresAt(undefined, now)).toBe(seconds(now + STRIPE_MIN_EXPIRY_MS + 60_000));
    // A retry after the order is half-way through its life: never in the past, never under Stripe's minimum.
    expect(stripeExpiresAt(minutes(-10), now)).toBe(seconds(now + STRIPE_MIN_EXPIRY_MS + 60_000));
  });

  it('an order TTL beyond 24 hours is capped under Stripe maximum', () => {
    expect(stripeExpiresAt(minutes(7 * 24 * 60), now)).toBe(seconds(now + STRIPE_MAX_EXPIRY_MS - 60_000));
  });
});
