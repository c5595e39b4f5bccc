import { Role } from '../src/accounts/role';
import { CartService } from '../src/cart/cart.service';
import { GuestCartPurgeService } from '../src/cart/guest-cart-purge.service';
import { createProduct, setStock, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const CART = '/api/v1/cart';
const ITEMS = '/api/v1/cart/items';

describe('cart', () => {
  let t: TestApp;
  let seller: TestUser;
  let mug: TestProduct;
  let shirt: TestProduct;
  let gift: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('cart');
    seller = await createUser(t, Role.Seller);
    mug = await createProduct(t, { seller, name: 'Mug', price: 1250, stock: 5 });
    shirt = await createProduct(t, {
      seller,
      name: 'Shirt',
      price: 2000,
      discountPercent: 10,
      variants: [
        { options: { size: 'M' }, stock: 3 },
        { options: { size: 'L' }, stock: 2, priceOverride: 2500 },
      ],
    });
    gift = await createProduct(t, {
      seller,
      name: 'Gift pack',
      price: 5000,
      stock: 10,
      customizationOptions: [
        { name: 'inscription', type: 'text', required: false, maxLength: 20 },
        { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
        { name: 'phone', type: 'phone', required: false },
      ],
    });
  });
  afterAll(() => t.close());

  /** A fresh guest: first call without a token issues one. */
  async function newGuest(): Promise<string> {
    const res = await t.http.get(CART);
    expect(res.status).toBe(200);
    return res.headers['x-cart-token'] as string;
  }
  const guest = (token: string) => ({ headers: { 'x-cart-token': token } });

  describe('guest tokens', () => {
    it('issues an unguessable token on the first call, in the header and the body', async () => {
      const res = await t.http.get(CART);
      expect(res.status).toBe(200);
      const token = res.headers['x-cart-token'] as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
      expect(res.body).toEqual({
        id: null,
        token,
        items: [],
        subtotal: 0,
        totalLimitExceeded: false,
        itemCount: 0,
        currency: 'USD',
      });
      const other = await t.http.get(CART);
      expect(other.headers['x-cart-token']).not.toBe(token);
    });

    it('keeps the cart behind the token and stores only its hash', async () => {
      const token = await newGuest();
      const added = await t.http.post(ITEMS, { productId: mug.id, quantity: 2 }, guest(token));
      expect(added.status).toBe(200);
      expect(added.headers['x-cart-token']).toBe(token);
      const again = await t.http.get(CART, guest(token));
      expect(again.body.id).toBe(added.body.id);
      expect(again.body.token).toBe(token);
      expect(again.body.itemCount).toBe(2);
      const rows = await t.sql<{ token_hash: string }>(`SELECT token_hash FROM cart WHERE id = $1`, [
        added.body.id,
      ]);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(token.split('.')[0]);
    });

    it('replaces a forged or foreign token with a fresh one instead of trusting it', async () => {
      const res = await t.http.get(CART, guest('my-own-token'));
      expect(res.status).toBe(200);
      expect(res.headers['x-cart-token']).not.toBe('my-own-token');
      expect(res.body.items).toEqual([]);
    });
  });

  describe('adding', () => {
    it('prices lines at the current effective price with totals and product summary', async () => {
      const token = await newGuest();
      const res = await t.http.post(
        ITEMS,
        { productId: shirt.id, variantId: shirt.variants[1].id, quantity: 2 },
        guest(token),
      );
      expect(res.status).toBe(200);
      const [line] = res.body.items;
      expect(line).toMatchObject({
        productId: shirt.id,
        variantId: shirt.variants[1].id,
        name: 'Shirt',
        product: { id: shirt.id, name: 'Shirt', slug: shirt.slug, imageUrl: null },
        variant: { id: shirt.variants[1].id, sku: shirt.variants[1].sku, options: { size: 'L' } },
        quantity: 2,
        customizations: {},
        unitPrice: 2250, // override 2500 - 10 %
        lineTotal: 4500,
        available: 2,
        unavailable: false,
        shortOfStock: false,
      });
      await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(token));
      const cart = await t.http.get(CART, guest(token));
      expect(cart.body.subtotal).toBe(4500 + 1250);
      expect(cart.body.itemCount).toBe(3);
      expect(cart.body.currency).toBe('USD');
    });

    it('needs variantId when the product has several variants (400 listing them)', async () => {
      const res = await t.http.post(ITEMS, { productId: shirt.id, quantity: 1 }, guest(await newGuest()));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VARIANT_REQUIRED');
      expect(res.body.details.field).toBe('variantId');
      expect(res.body.details.variants.map((v: { id: string }) => v.id).sort()).toEqual(
        shirt.variants.map((v) => v.id).sort(),
      );
    });

    it('refuses a variant of another product, an unknown or inactive product (404)', async () => {
      const token = await newGuest();
      const wrong = await t.http.post(
        ITEMS,
        { productId: mug.id, variantId: shirt.variants[0].id, quantity: 1 },
        guest(token),
      );
      expect(wrong.status).toBe(404);
      const unknown = await t.http.post(
        ITEMS,
        { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
        guest(token),
      );
      expect(unknown.status).toBe(404);
      const hidden = await createProduct(t, { seller, active: false });
      expect((await t.http.post(ITEMS, { productId: hidden.id, quantity: 1 }, guest(token))).status).toBe(
        404,
      );
    });

    it('validates the body: quantity, ids, unknown fields', async () => {
      const token = await newGuest();
      for (const [body, field] of [
        [{ productId: mug.id, quantity: 0 }, 'quantity'],
        [{ productId: mug.id, quantity: 1.5 }, 'quantity'],
        [{ productId: mug.id }, 'quantity'],
        [{ productId: 'nope', quantity: 1 }, 'productId'],
        [{ productId: mug.id, quantity: 1, customizations: 'x' }, 'customizations'],
        [{ productId: mug.id, quantity: 1, price: 1 }, 'price'],
      ] as const) {
        const res = await t.http.post(ITEMS, body, guest(token));
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });

    it('wants JSON (415 otherwise)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: ITEMS,
        headers: { 'content-type': 'text/plain' },
        payload: 'productId=x',
      });
      expect([res.statusCode, JSON.parse(res.body).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('refuses quantity beyond stock with 409 and the available quantity, counting what is in the cart', async () => {
      const token = await newGuest();
      const over = await t.http.post(ITEMS, { productId: mug.id, quantity: 6 }, guest(token));
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        message: 'Only 5 left of Mug',
        details: { available: 5, requested: 6 },
      });
      expect((await t.http.post(ITEMS, { productId: mug.id, quantity: 4 }, guest(token))).status).toBe(200);
      const more = await t.http.post(ITEMS, { productId: mug.id, quantity: 2 }, guest(token));
      expect(more.status).toBe(409);
      expect(more.body.details).toMatchObject({ available: 5, requested: 6 });
      expect((await t.http.get(CART, guest(token))).body.items[0].quantity).toBe(4);
    });
  });

  describe('customisations', () => {
    const add = (token: string, customizations: Record<string, unknown>, quantity = 1) =>
      t.http.post(ITEMS, { productId: gift.id, quantity, customizations }, guest(token));

    it('refuses bad customisations with a 400 naming the option', async () => {
      const token = await newGuest();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ recipient: 'Male', colour: 'red' }, 'colour', 'Unknown customization option "colour"'],
        [{ inscription: 'Hi' }, 'recipient', 'Customization "recipient" is required'],
        [{ recipient: 'Dog' }, 'recipient', 'Customization "recipient" must be one of: Male, Female'],
        [
          { recipient: 'Male', inscription: 'x'.repeat(21) },
          'inscription',
          'Customization "inscription" must be at most 20 characters',
        ],
        [
          { recipient: 'Male', phone: 'not a phone' },
          'phone',
          'Customization "phone" must be a phone number (7 to 15 digits, optional leading +)',
        ],
      ];
      for (const [input, option, message] of cases) {
        const res = await add(token, input);
        expect([res.status, res.body.code, res.body.details, res.body.message]).toEqual([
          400,
          'INVALID_CUSTOMIZATION',
          { option },
          message,
        ]);
      }
      expect((await t.http.get(CART, guest(token))).body.items).toEqual([]);
    });

    it('adds to the line with canonically equal customisations, new line otherwise', async () => {
      const token = await newGuest();
      const first = await add(token, { recipient: 'Female', inscription: 'For Ada' });
      const same = await add(token, { inscription: ' For Ada ', recipient: 'Female', phone: '' }, 2);
      expect(same.body.items).toHaveLength(1);
      expect(same.body.items[0].id).toBe(first.body.items[0].id);
      expect(same.body.items[0].quantity).toBe(3);
      expect(same.body.items[0].customizations).toEqual({ inscription: 'For Ada', recipient: 'Female' });
      const other = await add(token, { recipient: 'Female', inscription: 'For Grace' });
      expect(other.body.items).toHaveLength(2);
      expect(other.body.itemCount).toBe(4);
      expect(other.body.subtotal).toBe(4 * 5000);
    });

    it('shares the variant stock between lines of different customisations', async () => {
      const token = await newGuest();
      await add(token, { recipient: 'Male', inscription: 'A' }, 6);
      const res = await add(token, { recipient: 'Male', inscription: 'B' }, 5);
      expect(res.status).toBe(409);
      expect(res.body.details).toMatchObject({ available: 10, requested: 11 });
    });
  });

  describe('changing lines', () => {
    it('updates the quantity, 0 removes, DELETE removes, DELETE /cart clears', async () => {
      const token = await newGuest();
      const a = (await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(token))).body.items[0].id;
      const b = (
        await t.http.post(
          ITEMS,
          { productId: shirt.id, variantId: shirt.variants[0].id, quantity: 1 },
          guest(token),
        )
      ).body.items[1].id;

      const up = await t.http.patch(`${ITEMS}/${a}`, { quantity: 3 }, guest(token));
      expect(up.status).toBe(200);
      expect(up.body.items.find((i: { id: string }) => i.id === a).quantity).toBe(3);
      const tooMany = await t.http.patch(`${ITEMS}/${a}`, { quantity: 6 }, guest(token));
      expect([tooMany.status, tooMany.body.details.available]).toEqual([409, 5]);
      expect((await t.http.patch(`${ITEMS}/${a}`, { quantity: -1 }, guest(token))).status).toBe(400);

      const zero = await t.http.patch(`${ITEMS}/${a}`, { quantity: 0 }, guest(token));
      expect(zero.body.items.map((i: { id: string }) => i.id)).toEqual([b]);
      await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(token));
      const del = await t.http.delete(`${ITEMS}/${b}`, guest(token));
      expect(del.status).toBe(200);
      expect(del.body.items).toHaveLength(1);
      expect((await t.http.delete(`${ITEMS}/${b}`, guest(token))).status).toBe(404);

      const cleared = await t.http.delete(CART, guest(token));
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ items: [], subtotal: 0, itemCount: 0 });
    });

    it('answers 404 for a line of another cart, for guests and users alike', async () => {
      const owner = await newGuest();
      const line = (await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(owner))).body.items[0]
        .id;
      const intruder = await newGuest();
      const user = await createUser(t);
      for (const opts of [guest(intruder), { token: user.token }, {}]) {
        expect((await t.http.patch(`${ITEMS}/${line}`, { quantity: 2 }, opts)).status).toBe(404);
        expect((await t.http.delete(`${ITEMS}/${line}`, opts)).status).toBe(404);
      }
      expect((await t.http.delete(`${ITEMS}/not-a-uuid`, guest(owner))).status).toBe(400);
      expect((await t.http.get(CART, guest(owner))).body.items[0].quantity).toBe(1);
    });
  });

  describe('users', () => {
    it('keeps one cart per user, found by the bearer token (a cart token is ignored)', async () => {
      const user = await createUser(t);
      const first = await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, { token: user.token });
      expect(first.status).toBe(200);
      expect(first.headers['x-cart-token']).toBeUndefined();
      expect(first.body.token).toBeUndefined();
      const second = await t.http.post(
        ITEMS,
        { productId: mug.id, quantity: 1 },
        { token: user.token, headers: { 'x-cart-token': await newGuest() } },
      );
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.items[0].quantity).toBe(2);
      const rows = await t.sql(`SELECT id FROM cart WHERE user_id = $1`, [user.id]);
      expect(rows).toHaveLength(1);
    });

    it('an invalid bearer token on the public cart route is a 401, not a silent guest', async () => {
      expect((await t.http.get(CART, { token: 'garbage' })).status).toBe(401);
    });

    it('flags lines that became unavailable or short of stock, and leaves them out of the subtotal', async () => {
      const user = await createUser(t);
      const lamp = await createProduct(t, { seller, name: 'Lamp', price: 3000, stock: 4 });
      const vase = await createProduct(t, { seller, name: 'Vase', price: 700, stock: 4 });
      await t.http.post(ITEMS, { productId: lamp.id, quantity: 3 }, { token: user.token });
      await t.http.post(ITEMS, { productId: vase.id, quantity: 2 }, { token: user.token });
      await setStock(t, lamp.variant.id, 1);
      await t.sql(`UPDATE product SET active = false WHERE id = $1`, [vase.id]);
      const cart = await t.http.get(CART, { token: user.token });
      const byName = Object.fromEntries(cart.body.items.map((i: { name: string }) => [i.name, i]));
      expect(byName.Lamp).toMatchObject({
        shortOfStock: true,
        unavailable: false,
        available: 1,
        lineTotal: 9000,
      });
      expect(byName.Vase).toMatchObject({ shortOfStock: false, unavailable: true });
      expect(cart.body.subtotal).toBe(9000);
      expect(cart.body.itemCount).toBe(5);
      // Price changes show at once: the cart never stores prices.
      await t.sql(`UPDATE product SET price = 3100 WHERE id = $1`, [lamp.id]);
      expect((await t.http.get(CART, { token: user.token })).body.subtotal).toBe(9300);
    });
  });

  describe('merging a guest cart at login', () => {
    it('adds quantities of equal lines, caps at stock, moves the rest and deletes the guest cart', async () => {
      const service = t.app.get(CartService);
      const user = await createUser(t);
      const token = await newGuest();
      const cup = await createProduct(t, { seller, name: 'Cup', price: 500, stock: 5 });
      await t.http.post(ITEMS, { productId: cup.id, quantity: 3 }, { token: user.token });
      await t.http.post(ITEMS, { productId: cup.id, quantity: 4 }, guest(token));
      await t.http.post(
        ITEMS,
        { productId: gift.id, quantity: 1, customizations: { recipient: 'Male', inscription: 'A' } },
        guest(token),
      );
      await t.http.post(
        ITEMS,
        { productId: gift.id, quantity: 2, customizations: { recipient: 'Male', inscription: 'B' } },
        guest(token),
      );

      await service.mergeGuestCart(token, user.id);

      const cart = await t.http.get(CART, { token: user.token });
      const lines = cart.body.items.map((i: { name: string; quantity: number; customizations: object }) => [
        i.name,
        i.quantity,
        i.customizations,
      ]);
      expect(lines).toEqual([
        ['Cup', 5, {}],
        ['Gift pack', 1, { inscription: 'A', recipient: 'Male' }],
        ['Gift pack', 2, { inscription: 'B', recipient: 'Male' }],
      ]);
      const guestCart = await t.http.get(CART, guest(token));
      expect(guestCart.body).toMatchObject({ id: null, items: [] });
      // Merging again (or with a forged token) is a no-op.
      await service.mergeGuestCart(token, user.id);
      await service.mergeGuestCart('forged.token', user.id);
      expect((await t.http.get(CART, { token: user.token })).body.itemCount).toBe(8);
    });

    it('happens on POST /auth/login and /auth/register with X-Cart-Token; a bad token does not stop the login', async () => {
      const password = 'correct-horse-9';
      const email = `merge-login-${Date.now()}@example.test`;
      expect((await t.http.post('/api/v1/auth/register', { email, password, name: 'Merge Me' })).status).toBe(
        201,
      );

      const token = await newGuest();
      await t.http.post(ITEMS, { productId: mug.id, quantity: 2 }, guest(token));
      const login = await t.http.post('/api/v1/auth/login', { email, password }, guest(token));
      expect(login.status).toBe(200);
      const mine = await t.http.get(CART, { token: login.body.accessToken });
      expect(
        mine.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]),
      ).toEqual([[mug.id, 2]]);
      expect((await t.http.get(CART, guest(token))).body.items).toEqual([]);

      // A forged or already merged token: still logged in, cart untouched.
      for (const bad of ['forged.token', token]) {
        const again = await t.http.post('/api/v1/auth/login', { email, password }, guest(bad));
        expect(again.status).toBe(200);
        expect((await t.http.get(CART, { token: again.body.accessToken })).body.itemCount).toBe(2);
      }

      // Registering with a guest cart starts the new account with it.
      const other = await newGuest();
      await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(other));
      const reg = await t.http.post(
        '/api/v1/auth/register',
        { email: `merge-reg-${Date.now()}@example.test`, password, name: 'New Buyer' },
        guest(other),
      );
      expect(reg.status).toBe(201);
      expect((await t.http.get(CART, { token: reg.body.accessToken })).body.itemCount).toBe(1);
    });

    it('gives a user without a cart the guest lines', async () => {
      const user = await createUser(t);
      const token = await newGuest();
      await t.http.post(ITEMS, { productId: mug.id, quantity: 2 }, guest(token));
      await t.dataSource.transaction((m) => t.app.get(CartService).mergeGuestCart(token, user.id, m));
      const cart = await t.http.get(CART, { token: user.token });
      expect(
        cart.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]),
      ).toEqual([[mug.id, 2]]);
    });
  });

  describe('abandoned guest carts', () => {
    it('are purged after GUEST_CART_TTL_DAYS by the scheduled job handler; user carts stay', async () => {
      const stale = await newGuest();
      await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(stale));
      const user = await createUser(t);
      await t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, { token: user.token });
      const purge = t.app.get(GuestCartPurgeService);

      const justBefore = new Date(Date.now() + (t.config.guestCartTtlDays * 86_400 - 60) * 1000);
      expect(await purge.purgeAbandoned(justBefore)).toBe(0);
      t.clock.set(new Date(Date.now() + (t.config.guestCartTtlDays + 1) * 86_400_000));
      try {
        expect(await purge.purgeAbandoned()).toBeGreaterThanOrEqual(1);
      } finally {
        t.clock.set(undefined);
      }
      const guestCart = await t.http.get(CART, guest(stale));
      expect(guestCart.body).toMatchObject({ id: null, items: [] });
      expect((await t.http.get(CART, { token: user.token })).body.itemCount).toBe(1);
      const [{ count }] = await t.sql<{ count: string }>(`SELECT count(*) FROM cart WHERE user_id IS NULL`);
      expect(Number(count)).toBe(0);
    });
  });
});
