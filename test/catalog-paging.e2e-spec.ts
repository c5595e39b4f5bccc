import { Role } from '../src/accounts/role';
import { createUser, TestUser } from './support/factories';
import { Actors, API, createActors, createCategory } from './support/store-api';
import { rankedHits } from './support/catalog-factories';
import { createTestApp, TestApp } from './support/test-app';
import { mulberry32 } from '../src/common/random';

/**
 * Issue 12: keyset cursors on GET /products, and searches that read a bounded candidate set.
 * On a random catalog full of ties (prices, names, ratings, sold counts, creation instants with
 * microseconds), every sort is walked with `nextCursor` to the end and back with `prevCursor`, and
 * compared with the old path: one ORDER BY over every visible row (the same ids, in the same
 * order, no duplicates, no gaps), and with the page/perPage pages. Searches are compared with the
 * old search path (every hit ranked, best first, ties by id descending). Bad cursors are 400s.
 */
describe('catalog paging: keyset cursors and bounded searches against the old paths', () => {
  let t: TestApp;
  let a: Actors;
  const sellers: TestUser[] = [];
  let category: { id: string; slug: string };
  const rand = mulberry32(12);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const WORDS = ['lantern', 'walnut', 'copper', 'linen', 'brass', 'oak'];

  const COLUMNS: Record<string, string> = {
    price: 'min_price',
    name: 'name',
    createdAt: 'created_at',
    rating: 'rating_avg',
    sold: 'sold_count',
  };

  /** The old list path: every visible row, ORDER BY the sort keys then id in the first key's direction. */
  async function expectedIds(sort: string, where = 'true', values: unknown[] = []): Promise<string[]> {
    const terms = sort.split(',').map((k) => {
      const desc = k.startsWith('-');
      return `p.${COLUMNS[desc ? k.slice(1) : k]} ${desc ? 'DESC' : 'ASC'}`;
    });
    const idDir = sort.startsWith('-') ? 'DESC' : 'ASC';
    const rows = await t.sql<{ id: string }>(
      `SELECT p.id FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE p.active AND NOT p.archived AND s.active AND ${where}
        ORDER BY ${terms.join(', ')}, p.id ${idDir}`,
      values,
    );
    return rows.map((r) => r.id);
  }

  const list = (query: Record<string, string | number>) => t.http.get(`${API}/products`, { query });

  /** Follows nextCursor from the first page to the end; returns every id and the last page's body. */
  async function walkForward(query: Record<string, string | number>) {
    const ids: string[] = [];
    let res = await list(query);
    let pages = 0;
    for (;;) {
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(Number(query.perPage));
      ids.push(...res.body.data.map((p: { id: string }) => p.id));
      if (!res.body.nextCursor) return { ids, last: res.body };
      expect(res.body.data).toHaveLength(Number(query.perPage));
      if (++pages > 500) throw new Error('cursor walk does not end');
      const { page: _page, ...rest } = query;
      res = await list({ ...rest, cursor: res.body.nextCursor });
      expect(res.body.page).toBeNull();
    }
  }

  /** Follows prevCursor from `body` back to the first page; returns the ids in list order. */
  async function walkBackward(query: Record<string, string | number>, body: any) {
    const chunks: string[][] = [body.data.map((p: { id: string }) => p.id)];
    let current = body;
    const { page: _page, ...rest } = query;
    while (current.prevCursor) {
      const res = await list({ ...rest, cursor: current.prevCursor });
      expect(res.status).toBe(200);
      current = res.body;
      chunks.unshift(current.data.map((p: { id: string }) => p.id));
      if (chunks.length > 500) throw new Error('backward walk does not end');
    }
    return chunks.flat();
  }

  beforeAll(async () => {
    t = await createTestApp('catalog_paging');
    a = await createActors(t);
    for (let i = 0; i < 3; i++) sellers.push(await createUser(t, Role.Seller));
    category = await createCategory(t, a.staff.token, { name: 'Paging' });
    const other = await createCategory(t, a.staff.token, { name: 'Elsewhere' });
    // 180 products with many ties; some hidden (inactive, archived) to check visibility holds.
    const instants = Array.from(
      { length: 12 },
      (_, i) => `2026-03-0${1 + (i % 9)}T10:00:00.${String(100001 + i * 7).padStart(6, '0')}Z`,
    );
    const rows = Array.from({ length: 180 }, (_, i) => {
      const price = pick([500, 1000, 1000, 1500, 2000, 2500]);
      const words = WORDS.filter(() => rand() < 0.3);
      return {
        // Names are unique per seller: each name once for each of the 3 sellers (ties of 3).
        seller: sellers[i % 3].id,
        category: rand() < 0.7 ? category.id : other.id,
        name: `${['Delta', 'Alpha', 'Charlie', 'Bravo'][Math.floor(i / 3) % 4]} ${Math.floor(i / 3)}`,
        slug: `paging-${i}`,
        description: words.join(' ') + (rand() < 0.5 ? ` ${words.join(' ')}` : ''),
        price,
        active: rand() < 0.9,
        archived: rand() < 0.05,
        rating: pick([0, 3.5, 4, 4, 4.5, 5]),
        sold: pick([0, 0, 1, 7, 20]),
        created: pick(instants),
      };
    });
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, description, price, currency, min_price, max_price,
                            active, archived, rating_avg, sold_count, created_at)
       SELECT s, c, n, sl, d, pr, 'USD', pr, pr, ac, ar, r, so, cr
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bool[],
                     $8::bool[], $9::numeric[], $10::int[], $11::timestamptz[])
           AS x(s, c, n, sl, d, pr, ac, ar, r, so, cr)`,
      [
        rows.map((r) => r.seller),
        rows.map((r) => r.category),
        rows.map((r) => r.name),
        rows.map((r) => r.slug),
        rows.map((r) => r.description),
        rows.map((r) => r.price),
        rows.map((r) => r.active),
        rows.map((r) => r.archived),
        rows.map((r) => r.rating),
        rows.map((r) => r.sold),
        rows.map((r) => r.created),
      ],
    );
    await t.sql(`UPDATE "user" SET active = false WHERE id = $1`, [sellers[2].id]);
  });
  afterAll(() => t.close());

  const SORTS = [
    'price',
    '-price',
    'name',
    '-name',
    'createdAt',
    '-createdAt',
    'rating',
    '-rating',
    'sold',
    '-sold',
    'price,-name',
    '-rating,createdAt',
  ];

  it.each(SORTS)(
    'sort=%s: the cursor walks the whole list both ways, as the old ORDER BY and the pages',
    async (sort) => {
      const query = { sort, perPage: 7 };
      const expected = await expectedIds(sort);
      expect(expected.length).toBeGreaterThan(50);
      const { ids, last } = await walkForward(query);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(await walkBackward(query, last)).toEqual(expected);
      // page/perPage gives the same rows (the admin app pages this way).
      const paged: string[] = [];
      for (let page = 1; paged.length < expected.length; page++) {
        const res = await list({ sort, perPage: 25, page });
        expect(res.body.page).toBe(page);
        paged.push(...res.body.data.map((p: { id: string }) => p.id));
      }
      expect(paged).toEqual(expected);
    },
  );

  it('cursors keep filters, start from an offset page, and neither skip nor repeat across writes', async () => {
    const query = { sort: '-price', perPage: 5, category: category.slug, q: 'walnut' };
    const expected = await expectedIds(
      '-price',
      `p.category_id = $1 AND p.search @@ websearch_to_tsquery('english', 'walnut')`,
      [category.id],
    );
    expect(expected.length).toBeGreaterThan(5);
    const { ids, last } = await walkForward(query);
    expect(ids).toEqual(expected);
    expect(await walkBackward(query, last)).toEqual(expected);

    // From page 3 of page/perPage, prevCursor leads to page 2 and nextCursor to page 4.
    const third = await list({ sort: 'price', perPage: 10, page: 3 });
    const all = await expectedIds('price');
    const prev = await list({ sort: 'price', perPage: 10, cursor: third.body.prevCursor });
    expect(prev.body.data.map((p: { id: string }) => p.id)).toEqual(all.slice(10, 20));
    const next = await list({ sort: 'price', perPage: 10, cursor: third.body.nextCursor });
    expect(next.body.data.map((p: { id: string }) => p.id)).toEqual(all.slice(30, 40));
    expect(next.headers['x-total-count']).toBe(String(all.length));

    // A product inserted before the position and one deleted after it: the walk goes on from
    // where it was, without repeating a row.
    const first = await list({ sort: 'price', perPage: 10 });
    const firstIds = first.body.data.map((p: { id: string }) => p.id);
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price)
       VALUES ($1, $2, 'Cheapest', 'paging-cheapest', 1, 'USD', 1, 1)`,
      [sellers[0].id, category.id],
    );
    const after = await list({ sort: 'price', perPage: 10, cursor: first.body.nextCursor });
    const afterIds = after.body.data.map((p: { id: string }) => p.id);
    expect(afterIds.filter((id: string) => firstIds.includes(id))).toEqual([]);
    expect(afterIds).toEqual(all.slice(10, 20));
  });

  it('search by relevance: the same hits in the same order as ranking every hit, with an exact total', async () => {
    for (const q of ['lantern', 'walnut copper', 'brass -oak', '"copper linen"']) {
      const expected = await rankedHits(t, q);
      const got: { id: string; rank: number }[] = [];
      for (let page = 1; got.length < expected.length; page++) {
        const res = await list({ q, perPage: 9, page });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: expected.length, totalIsEstimate: false, nextCursor: null });
        if (!res.body.data.length) break;
        got.push(...res.body.data.map((p: { id: string; rank: number }) => ({ id: p.id, rank: p.rank })));
      }
      expect(got.map((g) => g.id)).toEqual(expected.map((e) => e.id));
      got.forEach((g, i) => expect(g.rank).toBeCloseTo(expected[i].rank, 5));
    }
  });

  it('bad cursors are 400 INVALID_CURSOR, never a 500', async () => {
    const first = await list({ sort: 'price', perPage: 5 });
    const good: string = first.body.nextCursor;
    const body = JSON.parse(Buffer.from(good, 'base64url').toString());
    const forge = (patch: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...body, ...patch })).toString('base64url');
    const bad: [Record<string, string | number>, string][] = [
      [{ cursor: 'not a cursor!' }, 'not a cursor'],
      [{ cursor: 'bm90IGpzb24' }, 'not a cursor'], // "not json"
      [{ cursor: Buffer.from('[1,2]').toString('base64url') }, 'not a cursor'],
      [{ cursor: forge({ k: ['x', body.k[1]] }) }, 'not a cursor'],
      [{ cursor: forge({ k: [body.k[0]] }) }, 'not a cursor'],
      [{ cursor: forge({ k: [body.k[0], 'not-a-uuid'] }) }, 'not a cursor'],
      [{ cursor: forge({ d: 'sideways' }) }, 'not a cursor'],
      [{ cursor: forge({ f: 'other' }) }, 'another sort'],
      [{ cursor: good, sort: 'name' }, 'another sort'],
      [{ cursor: good, sort: 'price', category: category.slug }, 'other filters'],
      [{ cursor: good, sort: 'price', page: 2 }, 'either cursor or page'],
      [{ cursor: good, q: 'lantern', sort: 'relevance' }, 'relevance'],
      [{ cursor: 'x'.repeat(2001) }, ''],
      [{ cursor: '' }, ''],
    ];
    for (const [query, message] of bad) {
      const res = await list({ sort: 'price', ...query });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      if (message) {
        expect(res.body.code).toBe('INVALID_CURSOR');
        expect(res.body.message).toContain(message);
      }
    }
    // A date that does not exist in a createdAt cursor, and a NUL in a name cursor.
    const byDate = await list({ sort: 'createdAt', perPage: 5 });
    const dateBody = JSON.parse(Buffer.from(byDate.body.nextCursor, 'base64url').toString());
    const badDate = Buffer.from(
      JSON.stringify({ ...dateBody, k: ['2026-02-30T10:00:00.1', dateBody.k[1]] }),
    ).toString('base64url');
    expect((await list({ sort: 'createdAt', cursor: badDate })).status).toBe(400);
    const byName = await list({ sort: 'name', perPage: 5 });
    const nameBody = JSON.parse(Buffer.from(byName.body.nextCursor, 'base64url').toString());
    const nul = Buffer.from(JSON.stringify({ ...nameBody, k: ['a\u0000b', nameBody.k[1]] })).toString(
      'base64url',
    );
    expect((await list({ sort: 'name', cursor: nul })).status).toBe(400);
  });

  it('a one-word search with more than 10,000 hits: an exact total, ranked over every hit', async () => {
    await t.sql(
      `INSERT INTO product (seller_id, category_id, name, slug, description, price, currency, min_price, max_price)
       SELECT $1, $2, 'Zephyr ' || i, 'zephyr-' || i, repeat('zephyr ', 1 + i % 3), 100, 'USD', 100, 100
         FROM generate_series(1, 10050) i`,
      [sellers[0].id, category.id],
    );
    await t.sql(`ANALYZE product`);
    const res = await list({ q: 'zephyr', perPage: 50 });
    expect(res.status).toBe(200);
    // The best 50 of ALL hits (the term table), not of the first 10,001 candidates.
    const best = await t.sql<{ id: string }>(
      `SELECT p.id FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE p.active AND NOT p.archived AND s.active AND p.search @@ websearch_to_tsquery('english', 'zephyr')
        ORDER BY ts_rank(p.search, websearch_to_tsquery('english', 'zephyr')) DESC, p.id DESC LIMIT 50`,
    );
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual(best.map((b) => b.id));
    // Every hit is reachable by page, past 10,001 too.
    const hits = (
      await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM product p JOIN "user" s ON s.id = p.seller_id
        WHERE p.active AND NOT p.archived AND s.active AND p.search @@ websearch_to_tsquery('english', 'zephyr')`,
      )
    )[0].n;
    expect(hits).toBeGreaterThan(10_000);
    expect(res.body).toMatchObject({ total: hits, totalIsEstimate: false });
    expect((await list({ q: 'zephyr', perPage: 100, page: Math.ceil(hits / 100) })).body.data).toHaveLength(
      hits % 100 || 100,
    );
    expect((await list({ q: 'zephyr', perPage: 100, page: Math.ceil(hits / 100) + 1 })).body.data).toEqual(
      [],
    );
    // Several words still take the GIN path: ranked over the first 10,001 candidates, estimated.
    const two = await list({ q: 'zephyr zephyr', perPage: 100, page: 101 });
    expect(two.body.totalIsEstimate).toBe(true);
    expect(two.body.data).toHaveLength(1);
    expect((await list({ q: 'zephyr zephyr', perPage: 100, page: 102 })).body.data).toEqual([]);
    const byPrice = await list({ q: 'zephyr', sort: 'price', perPage: 100, page: 101 });
    expect(byPrice.body.data).toHaveLength(50);
  });
});
