import { MAX_PREPARED_STATEMENTS_PER_CONNECTION } from '../src/database/prepared-statement-cache';
import { PRODUCT_SORT_KEYS } from '../src/store/catalog-sql';
import { createCategory, createProduct, TestCategory } from './support/catalog-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The catalog list prepares one named statement per distinct SQL text, and its sort and filter
 * permutations make millions of texts. On a pool of ONE connection (so every request and every
 * check below runs on the same PostgreSQL backend) more distinct shapes than the bound go through
 * the API: the backend never holds more than MAX_PREPARED_STATEMENTS_PER_CONNECTION prepared
 * statements, and a shape whose statement was released answers the same as before.
 */
describe('catalog: prepared statements per connection are bounded', () => {
  let t: TestApp;
  let category: TestCategory;
  beforeAll(async () => {
    t = await createTestApp('catalog_prepared', { DATABASE_POOL_SIZE: '1' });
    category = await createCategory(t, 'Lamps');
    for (let i = 0; i < 6; i++)
      await createProduct(t, { categoryId: category.id, price: 1000 + i * 250, stock: i % 3 });
  });
  afterAll(() => t.close());

  const prepared = async () =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements`))[0].n;
  const backend = async () => (await t.sql<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0].pid;

  /** Every one- and two-key sort (90) with and without inStock=true: 180 distinct statements. */
  function shapes(): Record<string, string>[] {
    const keys = PRODUCT_SORT_KEYS.filter((k) => k !== 'relevance');
    const terms = keys.flatMap((k) => [k, `-${k}`]);
    const sorts = [
      ...terms,
      ...terms.flatMap((a) =>
        terms.filter((b) => b.replace('-', '') !== a.replace('-', '')).map((b) => `${a},${b}`),
      ),
    ];
    return sorts.flatMap((sort): Record<string, string>[] => [{ sort }, { sort, inStock: 'true' }]);
  }

  it(`never holds more than ${MAX_PREPARED_STATEMENTS_PER_CONNECTION} on the backend, and released shapes still answer right`, async () => {
    const all = shapes();
    expect(all.length).toBeGreaterThan(MAX_PREPARED_STATEMENTS_PER_CONNECTION + 50);
    const pid = await backend();
    expect(await prepared()).toBe(0);

    const first = await t.http.get('/api/v1/products', { query: all[0] });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(6);
    let most = 0;
    for (const [i, query] of all.entries()) {
      const res = await t.http.get('/api/v1/products', { query });
      expect(res.status).toBe(200);
      if (i % 10 === 0 || i === all.length - 1) most = Math.max(most, await prepared());
    }
    most = Math.max(most, await prepared());
    // Full (the statements are prepared and reused), but never beyond the bound.
    expect(most).toBe(MAX_PREPARED_STATEMENTS_PER_CONNECTION);
    // The first shape was released long ago: it is prepared again and answers as before.
    const again = await t.http.get('/api/v1/products', { query: all[0] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await prepared()).toBe(MAX_PREPARED_STATEMENTS_PER_CONNECTION);
    // All of it on one backend: no connection was dropped and replaced along the way.
    expect(await backend()).toBe(pid);
  });

  it('a shape in use stays prepared while the others come and go (least recently used goes first)', async () => {
    // The only shape here with a category filter, so its statement is easy to find.
    const hot = { sort: 'price', category: category.slug };
    const hotStatement = async () =>
      (
        await t.sql<{ name: string }>(
          `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%FROM category WHERE slug = $1%'`,
        )
      ).map((r) => r.name);
    expect((await t.http.get('/api/v1/products', { query: hot })).body.total).toBe(6);
    const [name] = await hotStatement();
    expect(name).toMatch(/^catalog_/);
    for (const [i, query] of shapes().entries()) {
      await t.http.get('/api/v1/products', { query });
      if (i % 20 === 0) expect((await t.http.get('/api/v1/products', { query: hot })).body.total).toBe(6);
    }
    expect(await hotStatement()).toEqual([name]);
    expect(await prepared()).toBe(MAX_PREPARED_STATEMENTS_PER_CONNECTION);
  });
});
