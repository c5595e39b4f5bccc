import {
  BazaarApiError,
  createBazaarClient,
  memoryStorage,
  ok,
  type BazaarClient,
  type Schemas,
} from '@bazaar/sdk';
import type { AddressInfo } from 'node:net';
import { Role } from '../src/accounts/role';
import { ADDRESS } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createCategory, createProduct } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A storefront's whole journey driven only through @bazaar/sdk (the workspace package, built by
 * `npm run build`) against the real app listening on a port. The steps share `s` and run in order:
 * append new ones at the end of the journey describe.
 */
describe('@bazaar/sdk: a storefront journey against the real app', () => {
  let t: TestApp;
  let baseUrl: string;
  let staff: TestUser;
  /** Every request the SDK sends, by path (to count refreshes). */
  const sent: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  const storefront = () => createBazaarClient({ baseUrl, fetch: countingFetch });

  /** What the steps hand on to each other. */
  const s = {} as {
    shop: BazaarClient;
    category: { id: string; slug: string };
    mug: { id: string; slug: string };
    email: string;
    zone: Schemas['DeliveryZoneDto'];
    order: Schemas['OrderDto'];
    payment: Schemas['CheckoutResultDto']['payment'];
  };

  beforeAll(async () => {
    t = await createTestApp('sdk_storefront');
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    staff = await createUser(t, Role.Staff);
    const seller = await createUser(t, Role.Seller);
    const category = await createCategory(t, staff.token, { name: 'Mugs' });
    s.category = category;
    s.mug = await createProduct(t, seller.token, {
      name: 'Engraved Enamel Mug',
      categoryId: category.id,
      price: 2500,
      stock: 50,
      customizationOptions: [
        { name: 'inscription', type: 'text', required: true, maxLength: 30 },
        { name: 'colour', type: 'select', required: false, values: ['white', 'black'] },
      ],
    });
    await createProduct(t, seller.token, {
      name: 'Plain Tumbler',
      categoryId: category.id,
      price: 1500,
      stock: 5,
    });
    // Staff set up the delivery zones, through the SDK too.
    const admin = createBazaarClient({ baseUrl, storage: memoryStorage() });
    admin.session.set({ accessToken: staff.token, refreshToken: 'x'.repeat(40) });
    for (const [position, zone] of [
      { name: 'Ikeja', country: 'NG', states: ['Lagos'], fee: 1000, freeOver: 100_000 },
      { name: 'Ibadan', country: 'NG', states: ['Oyo'], fee: 800 },
    ].entries())
      await admin.POST('/api/v1/delivery-zones', { body: { ...zone, position } });
  });
  afterAll(() => t.close());

  describe('journey', () => {
    it('browses a category', async () => {
      s.shop = storefront();
      const tree = await ok(s.shop.GET('/api/v1/categories'));
      expect(tree.map((c) => c.slug)).toContain(s.category.slug);
      const page = await ok(
        s.shop.GET('/api/v1/products', { params: { query: { category: s.category.slug } } }),
      );
      expect(page.total).toBe(2);
      expect(page.data.map((p) => p.name).sort()).toEqual(['Engraved Enamel Mug', 'Plain Tumbler']);
    });

    it('searches', async () => {
      const page = await ok(s.shop.GET('/api/v1/products', { params: { query: { q: 'enamel' } } }));
      expect(page.data.map((p) => p.id)).toEqual([s.mug.id]);
      const product = await ok(
        s.shop.GET('/api/v1/products/{idOrSlug}', { params: { path: { idOrSlug: s.mug.slug } } }),
      );
      expect(product.customizationOptions.map((o) => o.name)).toEqual(['inscription', 'colour']);
    });

    it('adds two customised lines as a guest: the SDK keeps and sends the X-Cart-Token', async () => {
      expect(s.shop.session.cartToken).toBeNull();
      await s.shop.POST('/api/v1/cart/items', {
        body: {
          productId: s.mug.id,
          quantity: 2,
          customizations: { inscription: 'For Ada', colour: 'black' },
        },
      });
      expect(s.shop.session.cartToken).toEqual(expect.any(String));
      const cart = await ok(
        s.shop.POST('/api/v1/cart/items', {
          body: { productId: s.mug.id, quantity: 1, customizations: { inscription: 'For Grace' } },
        }),
      );
      expect(cart.items.map((i) => i.customizations.inscription).sort()).toEqual(['For Ada', 'For Grace']);
      expect(cart.subtotal).toBe(7500);
    });

    it('turns a bad request into a typed BazaarApiError', async () => {
      const error = await s.shop
        .POST('/api/v1/cart/items', { body: { productId: s.mug.id, quantity: 1, customizations: {} } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BazaarApiError);
      expect(error).toMatchObject({ status: 400, code: 'INVALID_CUSTOMIZATION' });
      expect((error as BazaarApiError).message).toContain('inscription');
    });

    it('registers: the session is kept and the guest cart merges into the account', async () => {
      s.email = `sdk-${Date.now()}@example.test`;
      const auth = await ok(
        s.shop.POST('/api/v1/auth/register', {
          body: { email: s.email, password: 'correct-horse-9', name: 'Ada Storefront' },
        }),
      );
      expect(s.shop.session).toMatchObject({
        isLoggedIn: true,
        accessToken: auth.accessToken,
        refreshToken: auth.refreshToken,
        cartToken: null,
      });
      const cart = await ok(s.shop.GET('/api/v1/cart'));
      expect(cart.token).toBeUndefined();
      expect(cart.items).toHaveLength(2);
      expect((await ok(s.shop.GET('/api/v1/me'))).email).toBe(s.email);
    });

    it('chooses a delivery zone and previews its fee on the cart', async () => {
      const zones = await ok(s.shop.GET('/api/v1/delivery-zones'));
      expect(zones.map((z) => z.name)).toEqual(['Ikeja', 'Ibadan']);
      s.zone = zones.find((z) => z.states.includes(ADDRESS.state))!;
      const cart = await ok(s.shop.GET('/api/v1/cart', { params: { query: { deliveryZoneId: s.zone.id } } }));
      expect(cart.delivery).toMatchObject({ zoneName: 'Ikeja', fee: 1000, total: 8500 });
    });

    it('checks out with the fake provider', async () => {
      const result = await ok(
        s.shop.POST('/api/v1/checkout', {
          body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId: s.zone.id },
          params: { header: { 'Idempotency-Key': `sdk-${s.email}` } },
        }),
      );
      expect(result.order).toMatchObject({
        status: 'pending',
        subtotal: 7500,
        shippingFee: 1000,
        total: 8500,
        deliveryZone: { id: s.zone.id, name: 'Ikeja' },
      });
      s.order = result.order;
      s.payment = result.payment;
      expect((await ok(s.shop.GET('/api/v1/cart'))).items).toHaveLength(0);
    });

    it('pays', async () => {
      const paid = await ok(
        s.shop.POST('/api/v1/payments/fake/{reference}/succeed', {
          params: { path: { reference: s.payment.reference } },
        }),
      );
      expect(paid.outcome).toBe('paid');
    });

    it('lists the orders', async () => {
      const orders = await ok(s.shop.GET('/api/v1/orders'));
      expect(orders.data.map((o) => [o.number, o.status])).toEqual([[s.order.number, 'paid']]);
      const order = await ok(s.shop.GET('/api/v1/orders/{id}', { params: { path: { id: s.order.id } } }));
      expect(order.items.map((i) => i.customizations.inscription).sort()).toEqual(['For Ada', 'For Grace']);
    });

    it('wishes for the bought mug: adding it twice keeps one entry; then removes it', async () => {
      const first = await ok(s.shop.POST('/api/v1/me/wishlist', { body: { productId: s.mug.id } }));
      expect(first).toMatchObject({ productId: s.mug.id, name: 'Engraved Enamel Mug', price: 2500 });
      const again = await ok(s.shop.POST('/api/v1/me/wishlist', { body: { productId: s.mug.id } }));
      expect(again.productId).toBe(s.mug.id);
      const list = await ok(s.shop.GET('/api/v1/me/wishlist'));
      expect(list.total).toBe(1);
      expect(list.data.map((i) => [i.productId, i.available, i.inStock])).toEqual([[s.mug.id, true, true]]);
      await s.shop.DELETE('/api/v1/me/wishlist/{productId}', { params: { path: { productId: s.mug.id } } });
      expect((await ok(s.shop.GET('/api/v1/me/wishlist'))).total).toBe(0);
    });

    it('reviews the paid mug: a verified purchase, public and counted in the product rating', async () => {
      const review = await ok(
        s.shop.POST('/api/v1/products/{id}/reviews', {
          params: { path: { id: s.mug.id } },
          body: { rating: 4, comment: 'Lovely engraving' },
        }),
      );
      expect(review).toMatchObject({ rating: 4, verifiedPurchase: true, comment: 'Lovely engraving' });
      const anonymous = storefront();
      const page = await ok(
        anonymous.GET('/api/v1/products/{idOrSlug}/reviews', { params: { path: { idOrSlug: s.mug.slug } } }),
      );
      expect(page.data.map((r) => [r.id, r.rating, r.verifiedPurchase])).toEqual([[review.id, 4, true]]);
      expect(page.summary).toMatchObject({ average: 4, count: 1 });
      const product = await ok(
        anonymous.GET('/api/v1/products/{idOrSlug}', { params: { path: { idOrSlug: s.mug.slug } } }),
      );
      expect(product).toMatchObject({ ratingAvg: 4, ratingCount: 1 });
    });

    it('a second review of the same product is a BazaarApiError 409 REVIEW_EXISTS', async () => {
      const error = await s.shop
        .POST('/api/v1/products/{id}/reviews', { params: { path: { id: s.mug.id } }, body: { rating: 5 } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BazaarApiError);
      expect(error).toMatchObject({ status: 409, code: 'REVIEW_EXISTS' });
      const page = await ok(
        s.shop.GET('/api/v1/products/{idOrSlug}/reviews', { params: { path: { idOrSlug: s.mug.id } } }),
      );
      expect(page.summary).toMatchObject({ average: 4, count: 1 });
    });

    it('asks a question: its author sees it pending, an anonymous visitor does not see it', async () => {
      const question = await ok(
        s.shop.POST('/api/v1/products/{id}/comments', {
          params: { path: { id: s.mug.id } },
          body: { body: 'Is the enamel dishwasher safe?' },
        }),
      );
      expect(question).toMatchObject({ status: 'pending', mine: true, parentId: null });
      const mine = await ok(
        s.shop.GET('/api/v1/products/{idOrSlug}/comments', { params: { path: { idOrSlug: s.mug.slug } } }),
      );
      expect(mine.data.map((c) => [c.id, c.body, c.status, c.mine])).toEqual([
        [question.id, 'Is the enamel dishwasher safe?', 'pending', true],
      ]);
      const anonymous = await ok(
        storefront().GET('/api/v1/products/{idOrSlug}/comments', {
          params: { path: { idOrSlug: s.mug.slug } },
        }),
      );
      expect(anonymous).toMatchObject({ data: [], total: 0 });
    });
  });

  describe('session', () => {
    const loggedIn = async () => {
      const shop = storefront();
      await shop.POST('/api/v1/auth/register', {
        body: {
          email: `sdk-s-${Date.now()}-${Math.random()}@example.test`,
          password: 'correct-horse-9',
          name: 'S',
        },
      });
      return shop;
    };
    const refreshes = () => sent.filter((p) => p === '/api/v1/auth/refresh').length;

    it('refreshes once on a 401 and retries; concurrent calls share that one refresh', async () => {
      const shop = await loggedIn();
      const refreshToken = shop.session.refreshToken!;
      shop.session.set({ accessToken: 'expired.or.garbage', refreshToken });
      const before = refreshes();
      const [me, cart, orders] = await Promise.all([
        ok(shop.GET('/api/v1/me')),
        ok(
          shop.POST('/api/v1/cart/items', {
            body: { productId: s.mug.id, quantity: 1, customizations: { inscription: 'Retry' } },
          }),
        ),
        ok(shop.GET('/api/v1/orders')),
      ]);
      expect(me.email).toMatch(/^sdk-s-/);
      expect(cart.items).toHaveLength(1); // the retried POST sent its body again
      expect(orders.total).toBe(0);
      expect(refreshes() - before).toBe(1);
      expect(shop.session.refreshToken).not.toBe(refreshToken);
    });

    it('a refused refresh clears the session and the call fails with the 401', async () => {
      const shop = await loggedIn();
      shop.session.set({ accessToken: 'expired.or.garbage', refreshToken: 'not-a-refresh-token-0123456789' });
      const error = await shop.GET('/api/v1/me').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BazaarApiError);
      expect(error).toMatchObject({ status: 401 });
      expect(shop.session).toMatchObject({ isLoggedIn: false, accessToken: null, refreshToken: null });
      // A guest again: public routes keep working.
      expect((await ok(shop.GET('/api/v1/cart'))).items).toHaveLength(0);
    });

    it('logout ends the session on the server too', async () => {
      const shop = await loggedIn();
      const refreshToken = shop.session.refreshToken!;
      await shop.logout();
      expect(shop.session.isLoggedIn).toBe(false);
      const reuse = await shop
        .POST('/api/v1/auth/refresh', { body: { refreshToken } })
        .catch((e: unknown) => e);
      expect(reuse).toMatchObject({ status: 401 });
    });
  });
});
