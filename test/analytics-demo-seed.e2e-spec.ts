import { Role } from '../src/accounts/role';
import { DemoSeeder } from '../src/database/seed/demo-seeder';
import { tokenFor } from './support/factories';
import { createTestApp, DEMO_SEED_TIMEOUT_MS, TestApp } from './support/test-app';

describe('analytics: demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('analytics_demo_seed');
    await t.app.get(DemoSeeder).seed();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(() => t.close());

  it('gives the demo seller months of paid orders, so its daily chart has shape', async () => {
    const [seller] = await t.sql<{ id: string }>(`SELECT id FROM "user" WHERE email = 'seller@bazaar.test'`);
    const token = tokenFor(t, seller.id, Role.Seller);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 119 * 86_400_000).toISOString().slice(0, 10);
    const res = await t.http.get('/api/v1/analytics/sales', { token, query: { from, to, interval: 'day' } });
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(120);
    const busy = res.body.series.filter((b: { orders: number }) => b.orders > 0).length;
    expect(busy).toBeGreaterThan(60);
    const months = await t.http.get('/api/v1/analytics/sales', {
      token,
      query: { from, to, interval: 'month' },
    });
    expect(
      months.body.series.filter((b: { revenue: number }) => b.revenue > 0).length,
    ).toBeGreaterThanOrEqual(4);
    const top = await t.http.get('/api/v1/analytics/top-products', { token, query: { from, to } });
    expect(top.body.data.length).toBeGreaterThan(1);
  });
});
