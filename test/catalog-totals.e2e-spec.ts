import { Role } from '../src/accounts/role';
import { createUser, TestUser } from './support/factories';
import { Actors, API, createActors, createCategory } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';
import { mulberry32 } from '../src/common/random';

/**
 * Issue 12: list totals no longer count every match. Shoppers' lists by category/seller read the
 * trigger-maintained product_live_count; other lists count at most 10,001 rows and estimate beyond.
 * Both are checked here against the old path, an exact `count(*)` with the same visibility rule,
 * on random data after random writes made with plain SQL (as the reviews and orders modules and
 * any psql session write product rows), not only through the store's own routes.
 */
describe('catalog totals: live counts and capped counts against an exact count', () => {
  let t: TestApp;
  let a: Actors;
  const sellers: TestUser[] = [];
  const categories: { id: string; slug: string; parentId: string | null }[] = [];
  let rand: () => number;
  let serial = 0;

  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];

  /** The old path: every matching product counted (public visibility, category subtree, seller). */
  async function exactCount(category?: string, seller?: string): Promise<number> {
    const [{ n }] = await t.sql<{ n: number }>(
      `WITH RECURSIVE tree AS (SELECT id FROM category WHERE id = $1::uuid
         UNION ALL SELECT c.id FROM category c JOIN tree ON c.parent_id = tree.id)
       SELECT count(*)::int AS n FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE p.active AND NOT p.archived AND s.active
          AND ($1::uuid IS NULL OR p.category_id IN (SELECT id FROM tree))
          AND ($2::uuid IS NULL OR p.seller_id = $2::uuid)`,
      [category ?? null, seller ?? null],
    );
    return n;
  }

  async function insertProducts(count: number): Promise<void> {
    const rows = Array.from({ length: count }, () => {
      serial++;
      return {
        seller: pick(sellers).id,
        category: pick(categories).id,
        name: `Random product ${serial}`,
        slug: `random-product-${serial}`,
        price: 100 + Math.floor(rand() * 10_000),
        active: rand() < 0.8,
        archived: rand() < 0.1,
      };
    });
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price, active, archived)
       SELECT s, c, n, sl, pr, 'USD', pr, pr, ac, ar
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bool[], $7::bool[])
           AS x(s, c, n, sl, pr, ac, ar)`,
      [
        rows.map((r) => r.seller),
        rows.map((r) => r.category),
        rows.map((r) => r.name),
        rows.map((r) => r.slug),
        rows.map((r) => r.price),
        rows.map((r) => r.active),
        rows.map((r) => r.archived),
      ],
    );
  }

  /** Random writes of every kind a writer of `product` makes, each a plain SQL statement. */
  async function randomWrites(): Promise<void> {
    const ids = (
      await t.sql<{ id: string }>(`SELECT id FROM product WHERE name LIKE 'Random product %'`)
    ).map((r) => r.id);
    const some = (share: number) => ids.filter(() => rand() < share);
    // Reviews / orders: columns that do not move a count.
    await t.sql(`UPDATE product SET rating_avg = 4.5, rating_count = rating_count + 1 WHERE id = ANY($1)`, [
      some(0.2),
    ]);
    await t.sql(`UPDATE product SET sold_count = sold_count + 2 WHERE id = ANY($1)`, [some(0.2)]);
    // Seller and staff edits: on/off, archive, move category or seller, all in one statement too.
    await t.sql(`UPDATE product SET active = NOT active WHERE id = ANY($1)`, [some(0.15)]);
    await t.sql(`UPDATE product SET archived = NOT archived WHERE id = ANY($1)`, [some(0.05)]);
    for (const id of some(0.1))
      await t.sql(`UPDATE product SET category_id = $2 WHERE id = $1`, [id, pick(categories).id]);
    await t.sql(`UPDATE product SET seller_id = $2, active = true, archived = false WHERE id = ANY($1)`, [
      some(0.05),
      pick(sellers).id,
    ]);
    await t.sql(`DELETE FROM product WHERE id = ANY($1)`, [some(0.05)]);
    // A write rolled back leaves the counts as they were.
    await t.dataSource
      .transaction(async (m) => {
        await m.query(`UPDATE product SET active = false WHERE id = ANY($1)`, [ids]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    // Seller deactivation is applied when reading: no count moves.
    await t.sql(`UPDATE "user" SET active = (random() < 0.8) WHERE id = ANY($1)`, [sellers.map((s) => s.id)]);
  }

  async function expectTotalsMatch(): Promise<void> {
    const cases: { category?: string; seller?: string }[] = [{}];
    for (const c of categories) cases.push({ category: c.id });
    for (const s of sellers) cases.push({ seller: s.id });
    for (let i = 0; i < 6; i++) cases.push({ category: pick(categories).id, seller: pick(sellers).id });
    for (const c of cases) {
      const query: Record<string, string> = { perPage: '1' };
      if (c.category) query.category = c.category;
      if (c.seller) query.seller = c.seller;
      const res = await t.http.get(`${API}/products`, { query });
      expect(res.status).toBe(200);
      expect({ ...c, total: res.body.total, estimate: res.body.totalIsEstimate }).toEqual({
        ...c,
        total: await exactCount(c.category, c.seller),
        estimate: false,
      });
    }
    // The table itself, pair by pair, against a GROUP BY of the products.
    const drift = await t.sql(
      `SELECT coalesce(c.category_id, x.category_id) AS category_id, c.live, x.n FROM product_live_count c
         FULL JOIN (SELECT category_id, seller_id, count(*)::int AS n FROM product
                     WHERE active AND NOT archived GROUP BY 1, 2) x
           ON x.category_id = c.category_id AND x.seller_id = c.seller_id
        WHERE coalesce(c.live, 0) <> coalesce(x.n, 0)`,
    );
    expect(drift).toEqual([]);
    const sellerDrift = await t.sql(
      `SELECT coalesce(c.seller_id, x.seller_id) AS seller_id, c.live, x.n FROM product_live_seller_count c
         FULL JOIN (SELECT seller_id, count(*)::int AS n FROM product WHERE active AND NOT archived GROUP BY 1) x
           ON x.seller_id = c.seller_id
        WHERE coalesce(c.live, 0) <> coalesce(x.n, 0)`,
    );
    expect(sellerDrift).toEqual([]);
  }

  beforeAll(async () => {
    t = await createTestApp('catalog_totals');
    a = await createActors(t);
    for (let i = 0; i < 4; i++) sellers.push(await createUser(t, Role.Seller));
    // A three-level tree: 2 roots, 2 children each, 2 leaves each.
    for (let r = 0; r < 2; r++) {
      const root = await createCategory(t, a.staff.token, { name: `Root ${r}` });
      categories.push({ ...root, parentId: null });
      for (let c = 0; c < 2; c++) {
        const mid = await createCategory(t, a.staff.token, { name: `Mid ${r}.${c}`, parentId: root.id });
        categories.push({ ...mid, parentId: root.id });
        for (let l = 0; l < 2; l++) {
          const leaf = await createCategory(t, a.staff.token, {
            name: `Leaf ${r}.${c}.${l}`,
            parentId: mid.id,
          });
          categories.push({ ...leaf, parentId: mid.id });
        }
      }
    }
  });

  afterAll(() => t?.close());

  it.each([1, 2, 3])(
    'random catalog and random writes, seed %i: every total is the exact count',
    async (seed) => {
      rand = mulberry32(seed);
      await insertProducts(150);
      await expectTotalsMatch();
      await randomWrites();
      await insertProducts(40);
      await expectTotalsMatch();
    },
  );

  it('a list of more than 10,000 matches answers an estimate, flagged; 10,000 or fewer is exact', async () => {
    rand = mulberry32(7);
    await t.sql(`UPDATE "user" SET active = true WHERE id = ANY($1)`, [sellers.map((s) => s.id)]);
    const seller = sellers[0].id;
    const category = categories[3].id;
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price)
       SELECT $1, $2, 'Bulk ' || i, 'bulk-' || i, 5000 + i % 100, 'USD', 5000 + i % 100, 5000 + i % 100
         FROM generate_series(1, 10050) i`,
      [seller, category],
    );
    await t.sql('ANALYZE product');
    const exact = async (where: string, params: unknown[]) =>
      (
        await t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM product p JOIN "user" s ON s.id = p.seller_id
            WHERE p.active AND NOT p.archived AND s.active AND ${where}`,
          params,
        )
      )[0].n;

    // Over 10,000 matches of a price filter: the estimate, never at or below the limit.
    const over = await t.http.get(`${API}/products`, {
      query: { minPrice: 5000, maxPrice: 5100, sort: 'price' },
    });
    expect(over.status).toBe(200);
    expect(await exact('p.max_price >= 5000 AND p.min_price <= 5100', [])).toBeGreaterThan(10_000);
    expect(over.body.totalIsEstimate).toBe(true);
    expect(over.body.total).toBeGreaterThan(10_000);
    expect(over.headers['x-total-count']).toBe(String(over.body.total));
    expect(over.body.data).toHaveLength(20);

    // At most 10,000 matches: exact, whatever the filter.
    const under = await t.http.get(`${API}/products`, { query: { minPrice: 5000, maxPrice: 5040 } });
    expect(under.body).toMatchObject({
      total: await exact('p.max_price >= 5000 AND p.min_price <= 5040', []),
      totalIsEstimate: false,
    });

    // Category (and seller) lists stay exact beyond 10,000: counted, not estimated.
    const counted = await t.http.get(`${API}/products`, { query: { category, seller } });
    expect(counted.body).toMatchObject({
      total: await exactCount(category, seller),
      totalIsEstimate: false,
    });
    expect(counted.body.total).toBeGreaterThan(10_000);

    // Staff's lists are capped too (status=all counted every row of the table before).
    const staff = await t.http.get(`${API}/products`, { query: { status: 'all' }, token: a.staff.token });
    expect(staff.body.totalIsEstimate).toBe(true);
    expect(staff.body.total).toBeGreaterThan(10_000);

    // A one-word search counts from product_search_term_count: exact beyond 10,000 too. Other
    // searches read at most 10,001 matches: beyond 10,000 their total is an estimate.
    const hits = await exact(`p.search @@ websearch_to_tsquery('english', 'bulk')`, []);
    expect(hits).toBeGreaterThan(10_000);
    const search = await t.http.get(`${API}/products`, { query: { q: 'bulk' } });
    expect(search.body).toMatchObject({ total: hits, totalIsEstimate: false });
    const twoWords = await t.http.get(`${API}/products`, { query: { q: 'bulk bulk' } });
    expect(twoWords.body.totalIsEstimate).toBe(true);
    expect(twoWords.body.total).toBeGreaterThan(10_000);
  });
});
