import { Role } from '../src/accounts/role';
import { MAX_PREPARED_STATEMENTS_PER_CONNECTION } from '../src/database/prepared-statement-cache';
import { createProduct } from './support/catalog-factories';
import { placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The statements marked with prepared() (auth lookup, cart, checkout, orders, payments) run as
 * named prepared statements: parsed and planned once per connection, then only bound and executed.
 * On a pool of ONE connection every request and every check below runs on the same backend, whose
 * pg_prepared_statements lists what it holds.
 */
describe('transactional statements run prepared', () => {
  let t: TestApp;
  let seller: TestUser;
  beforeAll(async () => {
    t = await createTestApp('prepared_tx', { DATABASE_POOL_SIZE: '1' });
    seller = await createUser(t, Role.Seller);
  });
  afterAll(() => t.close());

  const held = async () =>
    (
      await t.sql<{ statement: string }>(
        `SELECT statement FROM pg_prepared_statements WHERE statement NOT LIKE 'SELECT statement FROM pg_prepared%'`,
      )
    ).map((r) => r.statement);

  it('a checkout prepares its statements once, and the next checkout reuses them', async () => {
    const product = await createProduct(t, { seller, price: 1500, stock: 50 });
    await placeOrder(t, await createUser(t), [{ productId: product.id, quantity: 2 }]);
    const first = await held();
    const has = (fragment: string) => first.some((s) => s.includes(fragment));
    expect(has('FROM "user" WHERE id = $1 AND active')).toBe(true); // every authenticated request
    expect(has('INSERT INTO cart (user_id)')).toBe(true); // the add
    expect(has('DELETE FROM cart_item WHERE cart_id = $1')).toBe(true); // checkout takes the lines
    expect(has('INSERT INTO "order"')).toBe(true);
    expect(has('UPDATE product_variant SET stock = stock - $1')).toBe(true);
    expect(has('INSERT INTO payment')).toBe(true);
    expect(first.length).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS_PER_CONNECTION);

    // Another buyer, same shapes: nothing new to prepare.
    const order = await placeOrder(t, await createUser(t), [{ productId: product.id, quantity: 1 }]);
    expect(order.order.total).toBeGreaterThan(0);
    expect((await held()).sort()).toEqual([...first].sort());
  });
});
