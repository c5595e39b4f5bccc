import { Role } from '../src/accounts/role';
import { mulberry32 } from '../src/common/random';
import { termSearchApplies, termSearchSql } from '../src/store/catalog-search-sql';
import { ProductListParams, productListSql, SqlStatement } from '../src/store/catalog-sql';
import { StoreBulkSeed } from '../src/store/store-bulk.seed';
import { createUser, TestUser } from './support/factories';
import { Actors, API, createActors, createCategory, createProduct } from './support/store-api';
import { rankedHits } from './support/catalog-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 12: one-word searches by relevance are answered from product_search_term (one row per
 * lexeme and live product, its ts_rank precomputed, kept by triggers) and its exact total from
 * product_search_term_count. Checked here:
 * - both tables against a fresh decomposition of every live product, after random writes of every
 *   kind made with plain SQL (as other modules and psql write product rows), through the API,
 *   rolled back, by the bulk seed, and by TRUNCATE;
 * - the new statement against the old GIN path on the same data: identical totals and pages
 *   (every item, every field) wherever the old path was exact (at most 10,000 matches), and both
 *   against ranking every hit in plain SQL; queries that are not one lexeme fall back to the old path.
 */
describe('catalog search terms: the term table against the GIN path', () => {
  let t: TestApp;
  let a: Actors;
  const sellers: TestUser[] = [];
  const categories: string[] = [];
  let rand: () => number;
  let serial = 0;
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  // Stems shared by several words (lanterns/lantern, running/runner), stop words, ties galore.
  const VOCAB = (
    'lantern lanterns walnut copper linen brass oak chair chairs running runner run the and of mug ' +
    'garden gardens cosy sturdy travel quilted velvet it’s o’neill don’t x-ray e-mail 42 3.5 café'
  ).split(' ');
  const words = (n: number) => Array.from({ length: n }, () => pick(VOCAB)).join(' ');

  const publicSearch = (q: string, limit: number, offset: number): ProductListParams => ({
    scope: { kind: 'public' },
    q,
    sort: [{ key: 'relevance', direction: 'ASC' }],
    limit,
    offset,
  });
  const run = async (s: SqlStatement) => (await t.sql<any>(s.text, s.values))[0];

  /** Rows missing from the table or in it and not due: both directions of a set difference. */
  async function drift(): Promise<unknown[]> {
    return t.sql(
      `WITH due AS (SELECT x.term, x.rank, p.id AS product_id, p.seller_id
                      FROM product p, product_search_terms(p.search) x WHERE p.active AND NOT p.archived),
            got AS (SELECT term, rank, product_id, seller_id FROM product_search_term)
       (SELECT 'missing' AS kind, * FROM (SELECT * FROM due EXCEPT ALL SELECT * FROM got) m)
       UNION ALL (SELECT 'extra', * FROM (SELECT * FROM got EXCEPT ALL SELECT * FROM due) e)
       UNION ALL (SELECT 'count, due ' || coalesce(x.n::text, 'none'), coalesce(c.term, x.term), c.n::real, NULL::uuid,
                         coalesce(c.seller_id, x.seller_id)
                    FROM product_search_term_count c
                    FULL JOIN (SELECT x.term, p.seller_id, count(*)::int AS n
                                 FROM product p, product_search_terms(p.search) x
                                WHERE p.active AND NOT p.archived GROUP BY 1, 2) x
                      ON x.term = c.term AND x.seller_id = c.seller_id
                   WHERE c.n IS DISTINCT FROM x.n)
       LIMIT 5`,
    );
  }

  /** Old path (GIN, ts_rank per hit) vs term table on one query, page by page, every field. */
  async function expectSamePaths(q: string, perPage: number): Promise<number> {
    const first = await run(productListSql(publicSearch(q, perPage, 0)));
    expect(first.exact).toBe(true);
    for (let offset = 0; offset <= first.total; offset += perPage) {
      const params = publicSearch(q, perPage, offset);
      expect(termSearchApplies(params)).toBe(true);
      const old = await run(productListSql(params));
      const now = await run(termSearchSql(params));
      expect({ q, offset, fallback: now.fallback }).toEqual({ q, offset, fallback: false });
      expect({ q, offset, total: now.total, exact: now.exact, items: now.items }).toEqual({
        q,
        offset,
        total: old.total,
        exact: old.exact,
        items: old.items,
      });
    }
    return first.total;
  }

  /** Through the API: every page, against ranking every visible hit in plain SQL. */
  async function expectApiRanksEveryHit(q: string): Promise<void> {
    const expected = await rankedHits(t, q);
    const got: { id: string; rank: number }[] = [];
    for (let page = 1; ; page++) {
      const res = await t.http.get(`${API}/products`, { query: { q, perPage: 7, page } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: expected.length, totalIsEstimate: false });
      if (!res.body.data.length) break;
      got.push(...res.body.data.map((p: { id: string; rank: number }) => ({ id: p.id, rank: p.rank })));
    }
    expect({ q, got }).toEqual({ q, got: expected });
  }

  async function insertProducts(count: number): Promise<void> {
    const rows = Array.from({ length: count }, () => ({
      seller: pick(sellers).id,
      category: pick(categories),
      name: `${words(1 + Math.floor(rand() * 3))} ${++serial}`,
      description: rand() < 0.2 ? '' : words(Math.floor(rand() * 12)),
      active: rand() < 0.85,
      archived: rand() < 0.05,
    }));
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, description, price, currency, min_price, max_price, active, archived)
       SELECT s, c, n, 'terms-' || n, d, 500, 'USD', 500, 500, ac, ar
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bool[], $6::bool[]) AS x(s, c, n, d, ac, ar)`,
      [
        rows.map((r) => r.seller),
        rows.map((r) => r.category),
        rows.map((r) => r.name),
        rows.map((r) => r.description),
        rows.map((r) => r.active),
        rows.map((r) => r.archived),
      ],
    );
  }

  async function randomWrites(): Promise<void> {
    const ids = (await t.sql<{ id: string }>(`SELECT id FROM product`)).map((r) => r.id);
    const some = (share: number) => ids.filter(() => rand() < share);
    // Writes that move no term: reviews' ratings, orders' sold counts, prices.
    await t.sql(`UPDATE product SET rating_avg = 3.5, sold_count = sold_count + 1 WHERE id = ANY($1)`, [
      some(0.3),
    ]);
    await t.sql(`UPDATE product SET price = price + 1, min_price = min_price + 1 WHERE id = ANY($1)`, [
      some(0.2),
    ]);
    // Words, visibility and seller, one product at a time and many per statement.
    for (const id of some(0.1))
      await t.sql(`UPDATE product SET name = $2 WHERE id = $1`, [id, `${words(2)} r${++serial}`]);
    await t.sql(`UPDATE product SET description = $2 WHERE id = ANY($1)`, [some(0.1), words(5)]);
    await t.sql(`UPDATE product SET description = '' WHERE id = ANY($1)`, [some(0.03)]);
    await t.sql(`UPDATE product SET active = NOT active WHERE id = ANY($1)`, [some(0.15)]);
    await t.sql(`UPDATE product SET archived = NOT archived WHERE id = ANY($1)`, [some(0.05)]);
    await t.sql(`UPDATE product SET seller_id = $2 WHERE id = ANY($1)`, [some(0.05), pick(sellers).id]);
    // Several changes in one row, and the same row's words twice in one statement's transaction.
    await t.sql(
      `UPDATE product SET active = true, archived = false, name = name || ' lantern' WHERE id = ANY($1)`,
      [some(0.05)],
    );
    await t.sql(`DELETE FROM product WHERE id = ANY($1)`, [some(0.05)]);
    await t.dataSource
      .transaction(async (m) => {
        await m.query(`UPDATE product SET name = 'rolled back', active = true WHERE id = ANY($1)`, [ids]);
        await m.query(`DELETE FROM product WHERE id = ANY($1)`, [ids.slice(0, 10)]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    // Seller deactivation is applied when reading (no row moves); the paths must agree on it.
    await t.sql(`UPDATE "user" SET active = (random() < 0.7) WHERE id = ANY($1)`, [sellers.map((s) => s.id)]);
  }

  beforeAll(async () => {
    t = await createTestApp('catalog_search_terms');
    a = await createActors(t);
    for (let i = 0; i < 4; i++) sellers.push(await createUser(t, Role.Seller));
    for (let i = 0; i < 2; i++)
      categories.push((await createCategory(t, a.staff.token, { name: `Terms ${i}` })).id);
  });

  afterAll(() => t?.close());

  it('term text round-trips through tsquery for awkward lexemes, and one-lexeme queries print it', async () => {
    const rows = await t.sql<{ term: string; back: string }>(
      `SELECT x.term, x.term::tsquery::text AS back
         FROM product_search_terms(array_to_tsvector(ARRAY['it''s', 'a\\b', 'x:y', '''', '\\', 'pläne', 'a b'])) x`,
    );
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(r.back).toBe(r.term);
    const [{ same }] = await t.sql<{ same: boolean }>(
      `SELECT websearch_to_tsquery('english', 'Lanterns')::text = (SELECT term FROM product_search_terms(to_tsvector('english', 'lantern'))) AS same`,
    );
    expect(same).toBe(true);
  });

  it.each([1, 2, 3])(
    'random catalog and random writes, seed %i: table exact, paths identical',
    async (seed) => {
      rand = mulberry32(seed);
      await t.sql(`UPDATE "user" SET active = true WHERE id = ANY($1)`, [sellers.map((s) => s.id)]);
      await insertProducts(160);
      expect(await drift()).toEqual([]);
      for (const q of ['lantern', 'chairs', 'run', 'cosy']) await expectSamePaths(q, 6);
      await randomWrites();
      await insertProducts(30);
      expect(await drift()).toEqual([]);
      let matched = 0;
      for (const q of [
        'lanterns',
        'walnut',
        'garden',
        'running',
        '3.5',
        'café',
        '42',
        `r${serial}`,
        'absent',
      ])
        matched += await expectSamePaths(q, 5);
      expect(matched).toBeGreaterThan(50);
      await expectApiRanksEveryHit('copper');
    },
  );

  it('several words, phrases, negations and stop words fall back to the GIN path, unchanged', async () => {
    for (const q of [
      'lantern walnut',
      '"copper linen"',
      'brass -oak',
      'lantern or chair',
      'x-ray',
      'e-mail',
      'the',
      '-',
      'lantern:*',
    ]) {
      const now = await run(termSearchSql(publicSearch(q, 10, 0)));
      const single = (
        await t.sql<{ n: number }>(`SELECT numnode(websearch_to_tsquery('english', $1)) AS n`, [q])
      )[0].n;
      expect({ q, fallback: now.fallback }).toEqual({ q, fallback: single !== 1 });
      if (single !== 1) expect(now).toMatchObject({ total: 0, items: [] });
      else await expectSamePaths(q, 10);
      const res = await t.http.get(`${API}/products`, { query: { q, perPage: 10 } });
      expect(res.status).toBe(200);
      const old = await run(productListSql(publicSearch(q, 10, 0)));
      expect(res.body.total).toBe(old.total);
      expect(res.body.data.map((p: { id: string }) => p.id)).toEqual(
        old.items.slice(0, 10).map((i: { id: string }) => i.id),
      );
    }
    // Other filters or a column sort are not for the term table.
    expect(termSearchApplies({ ...publicSearch('oak', 5, 0), category: categories[0] })).toBe(false);
    expect(
      termSearchApplies({ ...publicSearch('oak', 5, 0), sort: [{ key: 'price', direction: 'ASC' }] }),
    ).toBe(false);
    expect(termSearchApplies({ ...publicSearch('oak', 5, 0), scope: { kind: 'staff' } })).toBe(false);
  });

  it('writes through the API, seller deactivation, the bulk seed and TRUNCATE keep the table exact', async () => {
    rand = mulberry32(9);
    await t.sql(`UPDATE "user" SET active = true WHERE id = ANY($1)`, [sellers.map((s) => s.id)]);
    const created = await createProduct(t, a.seller.token, {
      name: 'Quokka lamp',
      description: 'a quokka shaped lamp',
      categoryId: categories[0],
      price: 1200,
    });
    const search = async () =>
      (await t.http.get(`${API}/products`, { query: { q: 'quokka' } })).body as {
        total: number;
        data: { id: string }[];
      };
    expect(await search()).toMatchObject({ total: 1, data: [{ id: created.id }] });
    const patch = (body: object) =>
      t.http.patch(`${API}/products/${created.id}`, body, { token: a.seller.token });
    expect((await patch({ name: 'Wombat lamp', description: 'plain' })).status).toBe(200);
    expect((await search()).total).toBe(0);
    expect((await patch({ name: 'Quokka lamp' })).status).toBe(200);
    expect((await search()).total).toBe(1);
    expect((await patch({ active: false })).status).toBe(200);
    expect((await search()).total).toBe(0);
    expect((await patch({ active: true })).status).toBe(200);
    await t.sql(`UPDATE "user" SET active = false WHERE id = $1`, [a.seller.id]);
    expect((await search()).total).toBe(0);
    await t.sql(`UPDATE "user" SET active = true WHERE id = $1`, [a.seller.id]);
    expect((await search()).total).toBe(1);
    expect(await drift()).toEqual([]);
    const del = await t.http.delete(`${API}/products/${created.id}`, { token: a.seller.token });
    expect(del.status).toBeLessThan(300);
    expect((await search()).total).toBe(0);
    expect(await drift()).toEqual([]);

    await t.app.get(StoreBulkSeed).run(400);
    expect(await drift()).toEqual([]);
    for (const q of ['garden', 'walnut', 'lantern']) await expectSamePaths(q, 40);

    await t.sql(`TRUNCATE product CASCADE`);
    expect(await t.sql(`SELECT 1 FROM product_search_term`)).toEqual([]);
  });
});
