import { Role } from '../src/accounts/role';
import { DemoSeeder } from '../src/database/seed/demo-seeder';
import { ShippingDemoSeed } from '../src/shipping/shipping-demo.seed';
import { tokenFor } from './support/factories';
import { createTestApp, DEMO_SEED_TIMEOUT_MS, TestApp } from './support/test-app';

describe('orders: demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orders_demo_seed');
    await t.app.get(DemoSeeder).seed();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(() => t.close());

  it('gives the demo customer a delivered, a paid and a pending order, placed through checkout', async () => {
    const [customer] = await t.sql<{ id: string }>(
      `SELECT id FROM "user" WHERE email = 'customer@bazaar.test'`,
    );
    const token = tokenFor(t, customer.id, Role.Customer);
    const list = await t.http.get('/api/v1/orders', { token, query: { sort: 'createdAt' } });
    expect(list.body.data.map((o: { status: string }) => o.status).sort()).toEqual([
      'delivered',
      'paid',
      'pending',
    ]);
    const delivered = list.body.data.find((o: { status: string }) => o.status === 'delivered');
    const detail = await t.http.get(`/api/v1/orders/${delivered.id}`, { token });
    expect(detail.body.history.map((h: { to: string }) => h.to)).toEqual([
      'pending',
      'paid',
      'shipped',
      'delivered',
    ]);
    expect(detail.body.items.length).toBeGreaterThan(0);
    const [{ sold }] = await t.sql<{ sold: number }>(`SELECT sum(sold_count)::int AS sold FROM product`);
    expect(sold).toBeGreaterThan(0);
  });

  it("seeds the gift shop's delivery zones in its order; the demo orders deliver to Ikeja at its fee", async () => {
    const zones = await t.http.get('/api/v1/delivery-zones');
    expect(
      zones.body.map((z: { name: string; country: string; states: string[] }) => [
        z.name,
        z.country,
        z.states,
      ]),
    ).toEqual([
      ['Abeokuta', 'NG', ['Ogun']],
      ['Sagamu', 'NG', ['Ogun']],
      ['Ijebu-Ode', 'NG', ['Ogun']],
      ['Ijebu-Igbo', 'NG', ['Ogun']],
      ['Ibadan', 'NG', ['Oyo']],
      ['Ikeja', 'NG', ['Lagos']],
      ['Lekki', 'NG', ['Lagos']],
      ['Other', 'NG', []],
    ]);
    const ikeja = zones.body[5] as { id: string; fee: number; freeOver: number };
    const orders = await t.sql<{
      delivery_zone_id: string;
      delivery_zone_name: string;
      subtotal: string;
      shipping_fee: string;
    }>(
      `SELECT o.delivery_zone_id, o.delivery_zone_name, o.subtotal, o.shipping_fee
         FROM "order" o JOIN "user" u ON u.id = o.user_id WHERE u.email = 'customer@bazaar.test'`,
    );
    expect(orders).toHaveLength(3);
    for (const o of orders) {
      expect([o.delivery_zone_id, o.delivery_zone_name]).toEqual([ikeja.id, 'Ikeja']);
      expect(Number(o.shipping_fee)).toBe(Number(o.subtotal) >= ikeja.freeOver ? 0 : ikeja.fee);
    }
    // A shop that has zones keeps them: seeding again adds none.
    expect(await t.app.get(ShippingDemoSeed).run()).toEqual({ zones: 0 });
    expect(await t.sql(`SELECT 1 FROM delivery_zone`)).toHaveLength(8);
  });

  it('is idempotent', async () => {
    const before = await t.sql<{ count: string }>(`SELECT count(*) FROM "order"`);
    await t.app.get(DemoSeeder).seed();
    const [{ count }] = await t.sql<{ count: string }>(
      `SELECT count(*) FROM "order" o JOIN "user" u ON u.id = o.user_id WHERE u.email = 'customer@bazaar.test'`,
    );
    expect(Number(count)).toBe(3);
    // The analytics history (other buyers' orders for the demo seller) is not added twice either.
    expect(await t.sql(`SELECT count(*) FROM "order"`)).toEqual(before);
  });
});
