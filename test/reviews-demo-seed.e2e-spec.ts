import { Role } from '../src/accounts/role';
import { DemoSeeder } from '../src/database/seed/demo-seeder';
import { createUser } from './support/factories';
import { createTestApp, DEMO_SEED_TIMEOUT_MS, TestApp } from './support/test-app';

describe('reviews: demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('reviews_demo_seed');
    await t.app.get(DemoSeeder).seed();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(() => t.close());

  it('gives the demo products reviews (verified ones from the delivered order, one answered) and a moderation queue', async () => {
    const reviews = await t.sql<{
      product_id: string;
      verified_purchase: boolean;
      reply_body: string | null;
    }>(`SELECT product_id, verified_purchase, reply_body FROM review`);
    expect(reviews.length).toBe(3);
    expect(reviews.filter((r) => r.verified_purchase).length).toBeGreaterThanOrEqual(2);
    expect(reviews.filter((r) => r.reply_body).length).toBe(1);
    const [rated] = await t.sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM product WHERE rating_count > 0`,
    );
    expect(rated.count).toBe(3);

    const staff = await createUser(t, Role.Staff);
    const queue = await t.http.get('/api/v1/comments', { token: staff.token });
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(3);
    expect(queue.body.data.every((c: { status: string }) => c.status === 'pending')).toBe(true);
  });

  it('is idempotent', async () => {
    await t.app.get(DemoSeeder).seed();
    const [{ reviews, comments }] = await t.sql<{ reviews: number; comments: number }>(
      `SELECT (SELECT count(*)::int FROM review) AS reviews, (SELECT count(*)::int FROM comment) AS comments`,
    );
    expect([reviews, comments]).toEqual([3, 3]);
  });
});
