import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { ADDRESS } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { HttpResponse } from './support/http-client';
import { imageBytes, multipart } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The expensive routes besides login are limited per client IP and per account
 * (THROTTLE_<POLICY>_PER_MINUTE / _PER_ACCOUNT_PER_MINUTE): searches, image and avatar uploads,
 * new guest carts, checkouts. Tiny limits here; each case uses its own client addresses
 * (X-Forwarded-For from the trusted loopback peer) so the counts do not mix.
 */
describe('rate limits of the expensive routes', () => {
  let t: TestApp;
  let product: TestProduct;
  beforeAll(async () => {
    t = await createTestApp('rate_limits', {
      THROTTLE_SEARCH_PER_MINUTE: '3',
      THROTTLE_SEARCH_PER_ACCOUNT_PER_MINUTE: '2',
      THROTTLE_UPLOADS_PER_MINUTE: '3',
      THROTTLE_UPLOADS_PER_ACCOUNT_PER_MINUTE: '2',
      THROTTLE_GUEST_CARTS_PER_MINUTE: '2',
      THROTTLE_CHECKOUT_PER_MINUTE: '3',
      THROTTLE_CHECKOUT_PER_ACCOUNT_PER_MINUTE: '2',
    });
    product = await createProduct(t, { stock: 1000 });
  });
  afterAll(() => t.close());

  const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });

  function expectLimited(res: HttpResponse, what: string, who: 'address' | 'account') {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'TOO_MANY_REQUESTS',
      message: `Too many ${what} from this ${who}; try again in ${retryAfter} second(s)`,
      details: { retryAfterSeconds: retryAfter },
    });
  }

  describe('search (GET /products with q)', () => {
    const search = (ip: string, token?: string) =>
      t.http.get('/api/v1/products', { query: { q: 'lamp' }, headers: from(ip), token });

    it('THROTTLE_SEARCH_PER_MINUTE per IP; plain listing is not counted; other IPs unaffected', async () => {
      for (let i = 0; i < 3; i++) expect((await search('203.0.113.10')).status).toBe(200);
      expectLimited(await search('203.0.113.10'), 'searches', 'address');
      const list = await t.http.get('/api/v1/products', { headers: from('203.0.113.10') });
      expect(list.status).toBe(200);
      expect((await search('203.0.113.11')).status).toBe(200);
    });

    it('THROTTLE_SEARCH_PER_ACCOUNT_PER_MINUTE per account, whatever address it comes from', async () => {
      const shopper = await createUser(t);
      expect((await search('203.0.113.20', shopper.token)).status).toBe(200);
      expect((await search('203.0.113.21', shopper.token)).status).toBe(200);
      expectLimited(await search('203.0.113.22', shopper.token), 'searches', 'account');
      // The same fresh address without the account still searches.
      expect((await search('203.0.113.23')).status).toBe(200);
    });
  });

  describe('uploads (POST /products/:id/images and POST /me/avatar share one budget)', () => {
    let png: Buffer;
    beforeAll(async () => {
      png = await imageBytes('png');
    });
    const upload = (url: string, user: TestUser, ip: string) => {
      const { body, contentType } = multipart({ data: png, filename: 'a.png', contentType: 'image/png' });
      return t.http.post(url, undefined, {
        raw: body,
        token: user.token,
        headers: from(ip, { 'content-type': contentType }),
      });
    };

    it('per account across both routes, then per IP across accounts; anonymous calls are refused before counting', async () => {
      const seller = await createUser(t, Role.Seller);
      const own = await createProduct(t, { seller });
      expect((await upload(`/api/v1/products/${own.id}/images`, seller, '198.51.100.30')).status).toBe(201);
      expect((await upload('/api/v1/me/avatar', seller, '198.51.100.31')).status).toBe(201);
      expectLimited(
        await upload(`/api/v1/products/${own.id}/images`, seller, '198.51.100.32'),
        'uploads',
        'account',
      );

      const a = await createUser(t);
      const b = await createUser(t);
      expect((await upload('/api/v1/me/avatar', a, '198.51.100.40')).status).toBe(201);
      expect((await upload('/api/v1/me/avatar', a, '198.51.100.40')).status).toBe(201);
      expect((await upload('/api/v1/me/avatar', b, '198.51.100.40')).status).toBe(201);
      expectLimited(await upload('/api/v1/me/avatar', b, '198.51.100.40'), 'uploads', 'address');

      for (let i = 0; i < 4; i++) {
        const anonymous = await t.http.post('/api/v1/me/avatar', undefined, {
          headers: from('198.51.100.50'),
        });
        expect(anonymous.status).toBe(401);
      }
    });
  });

  describe('guest carts (POST /cart/items without a valid X-Cart-Token)', () => {
    const add = (ip: string, options: { cartToken?: string; token?: string } = {}) =>
      t.http.post(
        '/api/v1/cart/items',
        { productId: product.id, quantity: 1 },
        {
          token: options.token,
          headers: from(ip, options.cartToken ? { 'x-cart-token': options.cartToken } : {}),
        },
      );

    it('THROTTLE_GUEST_CARTS_PER_MINUTE new carts per IP; a cart already issued and a logged-in cart are not limited', async () => {
      const first = await add('192.0.2.60');
      expect(first.status).toBe(200);
      const cartToken = String(first.headers['x-cart-token']);
      expect((await add('192.0.2.60')).status).toBe(200);
      expectLimited(await add('192.0.2.60'), 'new carts', 'address');
      // A made-up token would start a new cart too.
      expectLimited(await add('192.0.2.60', { cartToken: 'made-up.token' }), 'new carts', 'address');
      const again = await add('192.0.2.60', { cartToken });
      expect(again.status).toBe(200);
      expect(again.body.itemCount).toBe(2);
      const shopper = await createUser(t);
      expect((await add('192.0.2.60', { token: shopper.token })).status).toBe(200);
      const cartRows = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM cart WHERE token_hash IS NOT NULL`,
      );
      expect(cartRows[0].n).toBe(2);
    });
  });

  describe('checkout (POST /checkout)', () => {
    const checkout = async (user: TestUser, ip: string) => {
      await t.http.post('/api/v1/cart/items', { productId: product.id, quantity: 1 }, { token: user.token });
      return t.http.post(
        '/api/v1/checkout',
        { shippingAddress: ADDRESS, provider: 'fake' },
        { token: user.token, headers: from(ip) },
      );
    };

    it('THROTTLE_CHECKOUT_PER_ACCOUNT_PER_MINUTE per account and THROTTLE_CHECKOUT_PER_MINUTE per IP', async () => {
      const buyer = await createUser(t);
      expect((await checkout(buyer, '192.0.2.70')).status).toBe(201);
      expect((await checkout(buyer, '192.0.2.71')).status).toBe(201);
      expectLimited(await checkout(buyer, '192.0.2.72'), 'checkouts', 'account');

      const others = [await createUser(t), await createUser(t)];
      expect((await checkout(others[0], '192.0.2.80')).status).toBe(201);
      expect((await checkout(others[0], '192.0.2.80')).status).toBe(201);
      expect((await checkout(others[1], '192.0.2.80')).status).toBe(201);
      expectLimited(await checkout(others[1], '192.0.2.80'), 'checkouts', 'address');
      // Refused before anything changed: no order placed, the cart still holds its lines.
      const orders = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "order" WHERE user_id = $1`, [
        others[1].id,
      ]);
      expect(orders[0].n).toBe(1);
      expect((await t.http.get('/api/v1/cart', { token: others[1].token })).body.itemCount).toBe(1);
    });
  });
});
