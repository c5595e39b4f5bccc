import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const CART = '/api/v1/cart';
const ITEMS = '/api/v1/cart/items';

/**
 * Issue 12: an add to the cart is at most 3 PostgreSQL round trips (two on the usual path: one
 * read, one conditional write), and the optimistic write keeps every rule under concurrency.
 * Statements are counted where TypeORM sends them (every dataSource.query and BEGIN/COMMIT pass
 * through PostgresQueryRunner.query; the spy counts and calls through).
 */
describe('cart: add to cart in at most 3 round trips', () => {
  let t: TestApp;
  let seller: TestUser;
  let mug: TestProduct;
  let shirt: TestProduct;
  let gift: TestProduct;
  let sent: string[];

  beforeAll(async () => {
    t = await createTestApp('cart_round_trips');
    seller = await createUser(t, Role.Seller);
    mug = await createProduct(t, { seller, name: 'Mug', price: 1250, stock: 10 });
    shirt = await createProduct(t, {
      seller,
      name: 'Shirt',
      price: 2000,
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
        { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
      ],
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with the runner as `this`
    const query = PostgresQueryRunner.prototype.query;
    jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
      this: PostgresQueryRunner,
      ...args: Parameters<typeof query>
    ) {
      sent.push(args[0]);
      return query.apply(this, args);
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  const guest = (token: string) => ({ headers: { 'x-cart-token': token } });
  async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    sent = [];
    const result = await fn();
    return { result, statements: sent };
  }

  it('first add (new guest cart), an add of a new line, and an add to an existing line: 2 statements each', async () => {
    const first = await counted(() => t.http.post(ITEMS, { productId: mug.id, quantity: 2 }));
    expect(first.result.status).toBe(200);
    expect(first.statements).toHaveLength(2);
    const token = first.result.headers['x-cart-token'] as string;
    expect(first.result.body).toMatchObject({ token, itemCount: 2, subtotal: 2500 });

    const second = await counted(() =>
      t.http.post(ITEMS, { productId: shirt.id, variantId: shirt.variants[1].id, quantity: 1 }, guest(token)),
    );
    expect(second.result.status).toBe(200);
    expect(second.statements).toHaveLength(2);
    const third = await counted(() => t.http.post(ITEMS, { productId: mug.id, quantity: 3 }, guest(token)));
    expect(third.statements).toHaveLength(2);
    expect(
      third.result.body.items.map((i: { name: string; quantity: number }) => [i.name, i.quantity]),
    ).toEqual([
      ['Mug', 5],
      ['Shirt', 1],
    ]);
    // The answer built from the read + the write is the cart as stored.
    const view = await t.http.get(CART, guest(token));
    expect(third.result.body).toEqual(view.body);
  });

  it('a logged-in shopper: 3 (the bearer check reads the user), every refusal fewer and nothing written', async () => {
    const buyer = await createUser(t, Role.Customer);
    const auth = { token: buyer.token };
    const add = await counted(() =>
      t.http.post(ITEMS, { productId: gift.id, quantity: 1, customizations: { recipient: 'Male' } }, auth),
    );
    expect(add.result.status).toBe(200);
    expect(add.statements).toHaveLength(3);
    expect(add.statements[0]).toMatch(/FROM "user"/);
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ productId: shirt.id, quantity: 1 }, 400, 'VARIANT_REQUIRED'],
      [
        { productId: gift.id, quantity: 1, customizations: { recipient: 'Robot' } },
        400,
        'INVALID_CUSTOMIZATION',
      ],
      [{ productId: mug.id, quantity: 11 }, 409, 'INSUFFICIENT_STOCK'],
      [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of refusals) {
      const res = await counted(() => t.http.post(ITEMS, body, auth));
      expect([res.result.status, res.result.body.code]).toEqual([status, code]);
      expect(res.statements.length).toBeLessThanOrEqual(2);
    }
    const cart = await t.http.get(CART, auth);
    expect(cart.body.items).toHaveLength(1);
  });

  it('concurrent adds to one cart keep the stock cap: 20 x 1 unit of 10 in stock -> exactly 10 in the cart', async () => {
    const first = await t.http.post(ITEMS, { productId: mug.id, quantity: 1 });
    const token = first.headers['x-cart-token'] as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(ITEMS, { productId: mug.id, quantity: 1 }, guest(token))),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'INSUFFICIENT_STOCK')).toBe(
      true,
    );
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const [{ quantity }] = await t.sql<{ quantity: number }>(
      `SELECT ci.quantity FROM cart_item ci JOIN cart c ON c.id = ci.cart_id WHERE c.token_hash IS NOT NULL
        AND ci.cart_id = $1`,
      [first.body.id],
    );
    expect(quantity).toBe(10);
  });

  it('a cart deleted between the read and the write: the line lands in a new cart and the answer shows it', async () => {
    const first = await t.http.post(ITEMS, { productId: mug.id, quantity: 1 });
    const token = first.headers['x-cart-token'] as string;
    // Delete the cart as the purge would, right after the add's read statement.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the spy installed in beforeAll
    const query = PostgresQueryRunner.prototype.query as jest.Mock;
    const passThrough = query.getMockImplementation()!;
    let armed = true;
    query.mockImplementation(async function (this: PostgresQueryRunner, ...args: unknown[]) {
      const result = await passThrough.apply(this, args);
      if (armed && String(args[0]).includes('json_agg(l ORDER BY')) {
        armed = false;
        await t.sql(`DELETE FROM cart WHERE id = $1`, [first.body.id]);
      }
      return result;
    });
    try {
      const res = await t.http.post(
        ITEMS,
        { productId: shirt.id, variantId: shirt.variants[0].id, quantity: 1 },
        guest(token),
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['Shirt']);
      expect(res.body).toEqual((await t.http.get(CART, guest(token))).body);
    } finally {
      query.mockImplementation(passThrough);
    }
  });
});
