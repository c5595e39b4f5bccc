import { Role } from '../src/accounts/role';
import { createProduct, stockOf } from './support/catalog-factories';
import { addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { HttpResponse } from './support/http-client';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Real concurrency against real PostgreSQL: all checkouts are in flight at once (Promise.all over
 * in-process requests, 20 pooled connections), each a full transaction.
 */
describe('checkout under concurrency', () => {
  let t: TestApp;
  let seller: TestUser;

  beforeAll(async () => {
    t = await createTestApp('checkout_race', { DATABASE_POOL_SIZE: '20' });
    seller = await createUser(t, Role.Seller);
  });
  afterAll(() => t.close());

  it('200 buyers, 50 in stock: exactly 50 orders, stock 0 and never negative, everyone else 409', async () => {
    const product = await createProduct(t, { seller, name: 'Limited Edition', price: 4200, stock: 50 });
    const buyers: TestUser[] = [];
    for (let i = 0; i < 200; i += 1) buyers.push(await createUser(t));
    // Each buyer has their own cart holding the product (added while stock was there).
    await Promise.all(buyers.map((b) => addToCart(t, b, { productId: product.id, quantity: 1 })));

    const results: HttpResponse[] = await Promise.all(buyers.map((b) => checkout(t, b)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        message: 'Limited Edition is out of stock',
        details: { productId: product.id, available: 0 },
      });
    }
    expect(await stockOf(t, product.variant.id)).toBe(0);
    const [{ orders, units }] = await t.sql<{ orders: string; units: string }>(
      `SELECT count(DISTINCT o.id) AS orders, coalesce(sum(l.quantity), 0) AS units
         FROM "order" o JOIN order_line l ON l.order_id = o.id WHERE l.product_id = $1`,
      [product.id],
    );
    expect([Number(orders), Number(units)]).toEqual([50, 50]);
    // Distinct human numbers, one pending payment each.
    const numbers = new Set(results.filter((r) => r.status === 201).map((r) => r.body.order.number));
    expect(numbers.size).toBe(50);
    const [{ payments }] = await t.sql<{ payments: string }>(`SELECT count(*) AS payments FROM payment`);
    expect(Number(payments)).toBe(50);
    // The losers keep their carts (nothing changed for them).
    const loser = buyers[statuses.indexOf(409)];
    expect((await t.http.get('/api/v1/cart', { token: loser.token })).body.itemCount).toBe(1);
  });

  it('two checkouts of the same cart at once make one order', async () => {
    const product = await createProduct(t, { seller, price: 100, stock: 10 });
    const buyer = await createUser(t);
    await addToCart(t, buyer, { productId: product.id, quantity: 2 });
    const results = await Promise.all([checkout(t, buyer), checkout(t, buyer), checkout(t, buyer)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400]);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 'CART_EMPTY')).toBe(true);
    const orders = await t.sql(`SELECT id FROM "order" WHERE user_id = $1`, [buyer.id]);
    expect(orders).toHaveLength(1);
    expect(await stockOf(t, product.variant.id)).toBe(8);
  });

  it('buyers of several shared products in opposite cart orders never deadlock', async () => {
    const a = await createProduct(t, { seller, price: 100, stock: 1000 });
    const b = await createProduct(t, { seller, price: 100, stock: 1000 });
    const c = await createProduct(t, { seller, price: 100, stock: 1000 });
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ];
    const buyers: TestUser[] = [];
    for (let i = 0; i < 60; i += 1) {
      const buyer = await createUser(t);
      for (const p of orders[i % 3]) await addToCart(t, buyer, { productId: p.id, quantity: 1 });
      buyers.push(buyer);
    }
    const results = await Promise.all(buyers.map((buyer) => checkout(t, buyer)));
    expect(results.map((r) => r.status)).toEqual(buyers.map(() => 201));
    for (const p of [a, b, c]) expect(await stockOf(t, p.variant.id)).toBe(940);
  });
});
