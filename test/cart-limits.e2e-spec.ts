import { Role } from '../src/accounts/role';
import { createProduct, stockOf, TestProduct } from './support/catalog-factories';
import { checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Cart limits: units per line (CART_MAX_LINE_QUANTITY, default 999), lines per cart
 * (CART_MAX_LINES, 12 here) and the money bound (MAX_ORDER_TOTAL = Number.MAX_SAFE_INTEGER minor
 * units). Before them, 10 lines of 999 units at the highest price (10^12) made POST /checkout
 * answer 500 (a RangeError from the totals) and GET /cart print a rounded subtotal.
 */
const TOP_PRICE = 1_000_000_000_000;
const MAX_LINES = 12;

describe('cart limits', () => {
  let t: TestApp;
  let seller: TestUser;
  beforeAll(async () => {
    t = await createTestApp('cart_limits', { CART_MAX_LINES: String(MAX_LINES) });
    seller = await createUser(t, Role.Seller);
  });
  afterAll(() => t.close());

  const products = (n: number, price: number) =>
    Promise.all(Array.from({ length: n }, () => createProduct(t, { seller, price, stock: 100_000 })));
  const add = (who: { token?: string; headers?: Record<string, string> }, p: TestProduct, quantity: number) =>
    t.http.post('/api/v1/cart/items', { productId: p.id, quantity }, who);
  const cartOf = (who: { token?: string; headers?: Record<string, string> }) =>
    t.http.get('/api/v1/cart', who);
  const ordersOf = (u: TestUser) => t.sql(`SELECT id FROM "order" WHERE user_id = $1`, [u.id]);

  it('the issue cart: 10 lines of 999 units at 10^12 → the 10th add is 409 ORDER_TOTAL_LIMIT; 9 lines check out exactly', async () => {
    const buyer = await createUser(t);
    const ten = await products(10, TOP_PRICE);
    for (const p of ten.slice(0, 9)) expect((await add(buyer, p, 999)).status).toBe(200);
    const tenth = await add(buyer, ten[9], 999);
    expect(tenth.status).toBe(409);
    expect(tenth.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'ORDER_TOTAL_LIMIT',
      message: 'An order may total at most $90,071,992,547,409.91; remove some items',
      details: { maxTotal: Number.MAX_SAFE_INTEGER, currency: 'USD' },
    });
    const cart = (await cartOf(buyer)).body;
    expect(cart).toMatchObject({
      subtotal: 9 * 999 * TOP_PRICE,
      totalLimitExceeded: false,
      itemCount: 9 * 999,
    });

    const placed = await checkout(t, buyer);
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({
      subtotal: 8_991_000_000_000_000,
      total: 8_991_000_000_000_000,
    });
  });

  it('a price raised after adding: GET /cart shows subtotal null (never a rounded number), checkout is 409 and changes nothing', async () => {
    const buyer = await createUser(t);
    const ten = await products(10, TOP_PRICE / 10);
    for (const p of ten) expect((await add(buyer, p, 999)).status).toBe(200);
    for (const p of ten) {
      const raised = await t.http.patch(
        `/api/v1/products/${p.id}`,
        { price: TOP_PRICE },
        { token: seller.token },
      );
      expect(raised.status).toBe(200);
    }
    const cart = await cartOf(buyer);
    expect(cart.status).toBe(200);
    expect(cart.body).toMatchObject({ subtotal: null, totalLimitExceeded: true, itemCount: 9990 });
    expect(cart.body.items.map((i: { lineTotal: number }) => i.lineTotal)).toEqual(
      Array(10).fill(999 * TOP_PRICE),
    );
    // 9.99e15 is past 2^53: as a float it would print 9990000000000000 whatever the true sum.
    expect(cart.text).not.toContain('9990000000000000');

    const refused = await checkout(t, buyer);
    expect([refused.status, refused.body.code]).toEqual([409, 'ORDER_TOTAL_LIMIT']);
    expect(await ordersOf(buyer)).toHaveLength(0);
    expect(await stockOf(t, ten[0].variant.id)).toBe(100_000);
    expect((await cartOf(buyer)).body.items).toHaveLength(10);

    // Growing it is refused, even by one unit of something cheap; shrinking it is allowed.
    const [cheap] = await products(1, 100);
    expect((await add(buyer, cheap, 1)).body.code).toBe('ORDER_TOTAL_LIMIT');
    const item = cart.body.items[0] as { id: string };
    const shrink = await t.http.patch(
      `/api/v1/cart/items/${item.id}`,
      { quantity: 1 },
      { token: buyer.token },
    );
    expect(shrink.status).toBe(200);
    expect(shrink.body).toMatchObject({ subtotal: (9 * 999 + 1) * TOP_PRICE, totalLimitExceeded: false });
    expect((await checkout(t, buyer)).status).toBe(201);
  });

  it('a line holds at most CART_MAX_LINE_QUANTITY units: 409 CART_LINE_QUANTITY_LIMIT naming the limit', async () => {
    const buyer = await createUser(t);
    const [p] = await products(1, 100);
    expect((await add(buyer, p, 999)).status).toBe(200);
    const more = await add(buyer, p, 1);
    expect(more.status).toBe(409);
    expect(more.body).toMatchObject({
      code: 'CART_LINE_QUANTITY_LIMIT',
      message: 'A cart line may hold at most 999 units (this change asks for 1000)',
      details: { limit: 999, requested: 1000 },
    });
    const item = (await cartOf(buyer)).body.items[0] as { id: string };
    const patch = await t.http.patch(
      `/api/v1/cart/items/${item.id}`,
      { quantity: 1000 },
      { token: buyer.token },
    );
    expect([patch.status, patch.body.code]).toEqual([409, 'CART_LINE_QUANTITY_LIMIT']);
    const absurd = await add(buyer, p, 1e12);
    expect([absurd.status, absurd.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await cartOf(buyer)).body.items[0].quantity).toBe(999);
  });

  it('a cart holds at most CART_MAX_LINES lines: 409 CART_LINES_LIMIT; an existing line still grows', async () => {
    const buyer = await createUser(t);
    const many = await products(MAX_LINES + 1, 100);
    for (const p of many.slice(0, MAX_LINES)) expect((await add(buyer, p, 1)).status).toBe(200);
    const extra = await add(buyer, many[MAX_LINES], 1);
    expect(extra.status).toBe(409);
    expect(extra.body).toMatchObject({
      code: 'CART_LINES_LIMIT',
      message: `A cart may hold at most ${MAX_LINES} lines; remove one first`,
      details: { limit: MAX_LINES },
    });
    expect((await add(buyer, many[0], 1)).status).toBe(200);
    expect((await cartOf(buyer)).body.items).toHaveLength(MAX_LINES);
  });

  it('a guest cart merged at login is capped to the limits, and the login succeeds', async () => {
    const email = `limits-${Date.now()}@example.test`;
    const password = 'correct-horse-9';
    const reg = await t.http.post('/api/v1/auth/register', { email, password, name: 'Limit Tester' });
    expect(reg.status).toBe(201);
    const user = { token: reg.body.accessToken as string };
    const catalog = await products(MAX_LINES + 2, 100);
    // The user's cart: 500 units of the first product and MAX_LINES - 1 lines in all.
    expect((await add(user, catalog[0], 500)).status).toBe(200);
    for (const p of catalog.slice(1, MAX_LINES - 1)) expect((await add(user, p, 1)).status).toBe(200);

    // A guest: 999 more of the first product (would be 1499), then two new lines (one fits).
    const token = (await cartOf({})).headers['x-cart-token'] as string;
    const guest = { headers: { 'x-cart-token': token } };
    expect((await add(guest, catalog[0], 999)).status).toBe(200);
    expect((await add(guest, catalog[MAX_LINES], 2)).status).toBe(200);
    expect((await add(guest, catalog[MAX_LINES + 1], 3)).status).toBe(200);

    const login = await t.http.post('/api/v1/auth/login', { email, password }, guest);
    expect(login.status).toBe(200);
    const merged = (await cartOf(user)).body as { items: { productId: string; quantity: number }[] };
    expect(merged.items).toHaveLength(MAX_LINES);
    expect(merged.items.find((i) => i.productId === catalog[0].id)?.quantity).toBe(999);
    expect(merged.items.find((i) => i.productId === catalog[MAX_LINES].id)?.quantity).toBe(2);
    expect(merged.items.some((i) => i.productId === catalog[MAX_LINES + 1].id)).toBe(false);
  });

  it('documents the limits on the cart routes and the nullable totals', async () => {
    const spec = (await t.http.get('/docs-json')).body;
    const cart = spec.components.schemas.CartDto;
    expect(cart.properties.subtotal.nullable).toBe(true);
    expect(cart.properties.totalLimitExceeded.type).toBe('boolean');
    expect(spec.components.schemas.CartItemDto.properties.lineTotal.nullable).toBe(true);
    expect(spec.paths['/api/v1/cart/items'].post.responses['409'].description).toContain('CART_LINES_LIMIT');
    expect(spec.paths['/api/v1/checkout'].post.responses['409'].description).toContain('ORDER_TOTAL_LIMIT');
  });
});
