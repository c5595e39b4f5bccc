import { BazaarApiError, createBazaarClient, ok } from '@bazaar/sdk';
import type { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from './support/test-app';

/**
 * @bazaar/sdk when the refresh itself fails for a passing reason: the API's own rate limit on
 * /auth/refresh (THROTTLE_AUTH_PER_MINUTE, one a minute here). A 429 is not a refusal of the refresh
 * token, so the session must survive it (a refused refresh clearing the session is in
 * test/sdk-storefront.e2e-spec.ts). Each client has its own address (X-Forwarded-For from the
 * trusted loopback peer, sent through the SDK's `headers`), so the limit counts only its calls.
 */
describe('@bazaar/sdk: a rate-limited refresh keeps the session', () => {
  let t: TestApp;
  let baseUrl: string;
  const sent: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  const client = (ip: string) =>
    createBazaarClient({ baseUrl, fetch: countingFetch, headers: { 'x-forwarded-for': ip } });
  const refreshes = () => sent.filter((p) => p === '/api/v1/auth/refresh').length;

  beforeAll(async () => {
    t = await createTestApp('sdk_session', { THROTTLE_AUTH_PER_MINUTE: '1' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('fails the calls with the 429 (one refresh for both), keeps the tokens, and they still work', async () => {
    const shop = client('198.51.100.7');
    const email = `sdk-limited-${Date.now()}@example.test`;
    await shop.POST('/api/v1/auth/register', { body: { email, password: 'correct-horse-9', name: 'L' } });
    // The address's one refresh a minute (each auth route counts on its own): refreshed as usual.
    shop.session.set({ accessToken: 'expired.or.garbage', refreshToken: shop.session.refreshToken! });
    expect((await ok(shop.GET('/api/v1/me'))).email).toBe(email);
    const kept = shop.session.refreshToken!;

    // The next refresh is over the limit: both calls fail with its 429, and the session stays.
    shop.session.set({ accessToken: 'expired.again', refreshToken: kept });
    const before = refreshes();
    const errors = await Promise.all([
      shop.GET('/api/v1/me').catch((e: unknown) => e),
      shop.GET('/api/v1/orders').catch((e: unknown) => e),
    ]);
    expect(refreshes() - before).toBe(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(BazaarApiError);
      expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    }
    expect(shop.session).toMatchObject({
      isLoggedIn: true,
      accessToken: 'expired.again',
      refreshToken: kept,
    });

    // The kept refresh token was never refused: from an address under its limit it refreshes.
    const elsewhere = client('198.51.100.8');
    elsewhere.session.set({ accessToken: 'expired.again', refreshToken: kept });
    expect((await ok(elsewhere.GET('/api/v1/me'))).email).toBe(email);
    expect(elsewhere.session.refreshToken).not.toBe(kept);
  });
});
