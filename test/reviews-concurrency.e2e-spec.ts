import { Role } from '../src/accounts/role';
import { productListSql } from '../src/store/catalog-sql';
import { createProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1';

/**
 * The product rating under real concurrency: every write is its own request and transaction,
 * all in flight at once on the app's pool, and the maintained columns must equal an aggregate
 * computed directly over the reviews the public sees.
 */
describe('reviews: exact ratings under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('reviews_concurrency');
  });
  afterAll(() => t.close());

  /** The stored rating against an aggregate over what is visible: not hidden, author's account active. */
  async function expectExact(productId: string) {
    const [stored] = await t.sql<{ rating_avg: string; rating_count: number }>(
      `SELECT rating_avg, rating_count FROM product WHERE id = $1`,
      [productId],
    );
    const [direct] = await t.sql<{ avg: string; count: number }>(
      `SELECT COALESCE(round(avg(r.rating), 2), 0)::numeric(3,2) AS avg, count(*)::int AS count
         FROM review r JOIN "user" u ON u.id = r.author_id WHERE r.product_id = $1 AND NOT r.hidden AND u.active`,
      [productId],
    );
    expect(stored).toEqual({ rating_avg: direct.avg, rating_count: direct.count });
    const histogram = await t.sql<{ rating: number; count: number }>(
      `SELECT r.rating, count(*)::int AS count FROM review r JOIN "user" u ON u.id = r.author_id
        WHERE r.product_id = $1 AND NOT r.hidden AND u.active GROUP BY r.rating ORDER BY r.rating`,
      [productId],
    );
    const page = await t.http.get(`${API}/products/${productId}/reviews`);
    expect(page.body.summary.count).toBe(direct.count);
    expect(page.body.summary.average).toBe(Number(direct.avg));
    expect(page.body.summary.histogram.filter((b: { count: number }) => b.count > 0)).toEqual(histogram);
    return direct;
  }

  it('50 concurrent reviews, then concurrent edits, hides, unhides, deletes and a deactivation', async () => {
    const product = await createProduct(t);
    const staff = await createUser(t, Role.Staff);
    const users: TestUser[] = [];
    for (let i = 0; i < 50; i++) users.push(await createUser(t));

    const created = await Promise.all(
      users.map((u, i) =>
        t.http.post(
          `${API}/products/${product.id}/reviews`,
          { rating: (i % 5) + 1, comment: `#${i}` },
          { token: u.token },
        ),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(users.map(() => 201));
    const ids = created.map((r) => r.body.id as string);
    expect((await expectExact(product.id)).count).toBe(50);

    // Everything at once, several writes aimed at the same reviews: edits by authors, hides and
    // unhides by staff, deletes, duplicate attempts and a deactivation of one author.
    const writes = [
      ...users
        .slice(0, 20)
        .map((u, i) => t.http.patch(`${API}/reviews/${ids[i]}`, { rating: 5 - (i % 5) }, { token: u.token })),
      ...ids
        .slice(10, 30)
        .map((id) =>
          t.http.patch(`${API}/reviews/${id}/visibility`, { hidden: true }, { token: staff.token }),
        ),
      ...ids
        .slice(10, 15)
        .map((id) =>
          t.http.patch(`${API}/reviews/${id}/visibility`, { hidden: false }, { token: staff.token }),
        ),
      ...users
        .slice(40, 45)
        .map((u, i) => t.http.delete(`${API}/reviews/${ids[40 + i]}`, { token: u.token })),
      ...users
        .slice(45, 50)
        .map((u) => t.http.post(`${API}/products/${product.id}/reviews`, { rating: 1 }, { token: u.token })),
      t.http.patch(`${API}/users/${users[12].id}`, { active: false }, { token: staff.token }),
    ];
    const answers = await Promise.all(writes);
    const statuses = answers.map((a) => a.status);
    // Duplicates are refused by the unique index; nothing else may fail.
    expect(statuses.slice(-6, -1)).toEqual([409, 409, 409, 409, 409]);
    expect(statuses.filter((s) => s >= 400 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);

    const direct = await expectExact(product.id);
    // 45 left; 15..29 hidden for sure (10..14 may have been unhidden before or after their hide).
    expect(direct.count).toBeLessThanOrEqual(45 - 15);

    // Reactivate and show everything again: back to all 45 remaining reviews.
    await Promise.all([
      t.http.patch(`${API}/users/${users[12].id}`, { active: true }, { token: staff.token }),
      ...ids
        .slice(10, 30)
        .map((id) =>
          t.http.patch(`${API}/reviews/${id}/visibility`, { hidden: false }, { token: staff.token }),
        ),
    ]);
    expect((await expectExact(product.id)).count).toBe(45);
  });

  it('every public list read while reviews are being written answers a summary that agrees with itself', async () => {
    const product = await createProduct(t);
    const users: TestUser[] = [];
    for (let i = 0; i < 40; i++) users.push(await createUser(t));
    type Summary = { average: number; count: number; histogram: { rating: number; count: number }[] };
    const agrees = (s: Summary) => {
      const count = s.histogram.reduce((n, b) => n + b.count, 0);
      const sum = s.histogram.reduce((n, b) => n + b.rating * b.count, 0);
      return s.count === count && s.average === (count ? Math.round((sum * 100) / count) / 100 : 0);
    };
    let writing = true;
    const reader = async () => {
      const seen: Summary[] = [];
      while (writing) seen.push((await t.http.get(`${API}/products/${product.id}/reviews`)).body.summary);
      return seen;
    };
    const readers = [1, 2, 3, 4].map(reader);
    const created = await Promise.all(
      users.map((u, i) =>
        t.http.post(`${API}/products/${product.id}/reviews`, { rating: (i % 5) + 1 }, { token: u.token }),
      ),
    );
    writing = false;
    const seen = (await Promise.all(readers)).flat();
    expect(created.map((r) => r.status)).toEqual(users.map(() => 201));
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.filter((s) => !agrees(s))).toEqual([]);
    await expectExact(product.id);
  });

  it("the catalog's minRating filter and -rating sort are answered from an index (EXPLAIN, today's catalog SQL)", async () => {
    const seller = await createUser(t, Role.Seller);
    const { categoryId } = await createProduct(t, { seller });
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price, rating_avg, rating_count)
       SELECT $1, $2, 'Bulk ' || g, 'bulk-' || g, 1000, $3, 1000, 1000, (g % 500) / 100.0, g % 7
         FROM generate_series(1, 20000) g`,
      [seller.id, categoryId, t.config.currency],
    );
    await t.sql(`ANALYZE product`);
    const plan = async (params: Parameters<typeof productListSql>[0]) => {
      const s = productListSql(params);
      const rows = await t.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.text}`, s.values);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    const sorted = await plan({
      scope: { kind: 'public' },
      sort: [{ key: 'rating', direction: 'DESC' }],
      limit: 20,
      offset: 0,
    });
    expect(sorted).toMatch(/Index Scan Backward using "?IDX_product_live_rating"? on product/);
    const filtered = await plan({
      scope: { kind: 'public' },
      sort: [{ key: 'rating', direction: 'DESC' }],
      minRating: 4.9,
      limit: 20,
      offset: 0,
    });
    expect(filtered).toMatch(/IDX_product_live_rating/);
    // The product table itself (the small rollup product_live_seller_count may be scanned whole).
    expect(filtered).not.toMatch(/Seq Scan on product /);
  });
});
