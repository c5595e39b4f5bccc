import type { QueryRunner } from 'typeorm';
import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { ADDRESS, addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { HttpResponse } from './support/http-client';
import { createTestApp, TestApp } from './support/test-app';

const ZONES = '/api/v1/delivery-zones';

/**
 * A zone deleted while a checkout chooses it. Checkout holds the zone row FOR SHARE until it
 * commits; DELETE takes it FOR UPDATE before it looks for orders. So either the checkout fails
 * (the zone was gone when it got the row) or the zone is archived with the new order on it: never
 * an order that names a zone that no longer exists. Each case parks one side on a row lock held by
 * a transaction of its own, and lets go once the other side is waiting in PostgreSQL.
 */
describe('delivery zones under concurrency', () => {
  let t: TestApp;
  let staff: TestUser;
  let held: QueryRunner | undefined;

  beforeAll(async () => {
    t = await createTestApp('delivery_zones_concurrency');
    staff = await createUser(t, Role.Staff);
  });
  afterEach(async () => {
    if (held?.isTransactionActive) await held.rollbackTransaction();
    await held?.release();
    held = undefined;
  });
  afterAll(() => t.close());

  /** A transaction on its own connection that locks with `sql` (kept until commit or rollback). */
  const hold = async (sql: string, params: unknown[]) => {
    held = t.dataSource.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    await held.query(sql, params);
    return held;
  };
  /** Until `n` statements of this database wait on a lock (false after 10 s). */
  const waiting = async (n: number) => {
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      const [{ count }] = await t.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (count >= n) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };
  const buyerWith = async (product: TestProduct) => {
    const buyer = await createUser(t, Role.Customer);
    await addToCart(t, buyer, { productId: product.id, quantity: 1 });
    return buyer;
  };
  const zone = async (name: string) => {
    const res = await t.http.post(
      ZONES,
      { name, country: 'NG', states: ['Lagos'], fee: 700 },
      { token: staff.token },
    );
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const ordersOf = (userId: string) =>
    t.sql<{ delivery_zone_id: string | null; shipping_fee: string }>(
      `SELECT delivery_zone_id, shipping_fee FROM "order" WHERE user_id = $1`,
      [userId],
    );
  const choose = (buyer: TestUser, deliveryZoneId: string) =>
    checkout(t, buyer, { body: { shippingAddress: ADDRESS, provider: 'fake', deliveryZoneId } });

  it('a checkout choosing a zone that is being deleted waits, then finds it gone: 400, nothing written', async () => {
    const product = await createProduct(t, { price: 2000, stock: 10 });
    const gone = await zone('Vanishing');
    const buyer = await buyerWith(product);
    // What DELETE does first: lock the zone row.
    const remover = await hold(`SELECT id FROM delivery_zone WHERE id = $1 FOR UPDATE`, [gone.id]);
    const placing = choose(buyer, gone.id);
    expect(await waiting(1)).toBe(true); // the checkout waits for the zone row
    await remover.query(`DELETE FROM delivery_zone WHERE id = $1`, [gone.id]);
    await remover.commitTransaction();

    const res = await placing;
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'INVALID_DELIVERY_ZONE',
    });
    expect(await ordersOf(buyer.id)).toHaveLength(0);
    const [{ stock }] = await t.sql<{ stock: number }>(`SELECT stock FROM product_variant WHERE id = $1`, [
      product.variant.id,
    ]);
    expect(stock).toBe(10);
    expect((await t.http.get('/api/v1/cart', { token: buyer.token })).body.items).toHaveLength(1);
  });

  it('a zone deleted while a checkout that chose it commits is archived with that order on it', async () => {
    const product = await createProduct(t, { price: 2000, stock: 10 });
    const busy = await zone('Busy');
    const buyer = await buyerWith(product);
    // Park the checkout at its last step (the stock decrement), after it took the zone FOR SHARE
    // and inserted its order, by holding the variant row.
    const variant = await hold(`SELECT id FROM product_variant WHERE id = $1 FOR UPDATE`, [
      product.variant.id,
    ]);
    const placing = choose(buyer, busy.id);
    expect(await waiting(1)).toBe(true);
    const removing: Promise<HttpResponse> = t.http.delete(`${ZONES}/${busy.id}`, { token: staff.token });
    expect(await waiting(2)).toBe(true); // DELETE waits for the checkout's share lock on the zone
    await variant.commitTransaction();

    const [placed, removed] = await Promise.all([placing, removing]);
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({
      shippingFee: 700,
      deliveryZone: { id: busy.id, name: 'Busy' },
    });
    expect(removed.body).toEqual({ id: busy.id, outcome: 'archived' });
    expect(await ordersOf(buyer.id)).toEqual([{ delivery_zone_id: busy.id, shipping_fee: '700' }]);
    const [row] = await t.sql<{ archived_at: Date | null }>(
      `SELECT archived_at FROM delivery_zone WHERE id = $1`,
      [busy.id],
    );
    expect(row.archived_at).not.toBeNull();
    expect((await t.http.get(ZONES)).body.map((z: { id: string }) => z.id)).not.toContain(busy.id);
  });
});
