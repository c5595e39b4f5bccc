import { Role } from '../src/accounts/role';
import { createUser, TestUser } from './support/factories';
import { Actors, API, createActors, createCategory, createProduct } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

type Item = { id: string; name: string; rank?: number };

describe('store: GET /products search, filters, sorts and pages', () => {
  let t: TestApp;
  let a: Actors;
  let sellerB: TestUser;
  let goneSeller: TestUser;
  const ids: Record<string, string> = {};
  const cat: Record<string, { id: string; slug: string }> = {};

  const list = (query: Record<string, string | number | boolean>, token?: string) =>
    t.http.get(`${API}/products`, { query, token });
  const names = (body: { data: Item[] }) => body.data.map((p) => p.name);

  beforeAll(async () => {
    t = await createTestApp('store_listing');
    a = await createActors(t);
    sellerB = await createUser(t, Role.Seller, { name: 'Bea Bottles' });
    goneSeller = await createUser(t, Role.Seller);
    cat.home = await createCategory(t, a.staff.token, { name: 'Home' });
    cat.kitchen = await createCategory(t, a.staff.token, { name: 'Kitchen', parentId: cat.home.id });
    cat.cups = await createCategory(t, a.staff.token, { name: 'Cups', parentId: cat.kitchen.id });
    cat.garden = await createCategory(t, a.staff.token, { name: 'Garden' });
    cat.search = await createCategory(t, a.staff.token, { name: 'Search Lab' });

    // name, category, seller, price/variants, rating, sold, days after the first
    const rows: [string, string, TestUser, Record<string, unknown>, number, number, number][] = [
      ['Alpha Cup', 'cups', a.seller, { price: 1000, stock: 5 }, 4.5, 10, 1],
      ['Bravo Mug', 'kitchen', a.seller, { price: 3000, stock: 0 }, 3.0, 50, 2],
      ['Charlie Plate', 'home', a.seller, { price: 2000, stock: 2 }, 5.0, 5, 3],
      ['Delta Rake', 'garden', sellerB, { price: 500, stock: 1 }, 0, 0, 4],
      [
        'Echo Cup',
        'cups',
        sellerB,
        {
          price: 1500,
          variants: [
            { options: { size: 'S' }, stock: 0 },
            { options: { size: 'L' }, stock: 3, priceOverride: 2500 },
          ],
        },
        4.0,
        20,
        5,
      ],
      ['Foxtrot Bowl', 'kitchen', a.seller, { price: 700, stock: 9, active: false }, 4.9, 99, 6],
      ['Golf Jug', 'kitchen', goneSeller, { price: 800, stock: 9 }, 4.9, 99, 7],
    ];
    for (const [name, category, seller, fields, rating, sold, day] of rows) {
      const p = await createProduct(t, seller.token, {
        name,
        categoryId: cat[category].id,
        ...(fields as { price: number }),
      });
      ids[name] = p.id;
      await t.sql(
        `UPDATE product SET rating_avg = $2, sold_count = $3, created_at = '2026-01-01'::timestamptz + $4 * interval '1 day' WHERE id = $1`,
        [p.id, rating, sold, day],
      );
    }
    await t.sql(`UPDATE "user" SET active = false WHERE id = $1`, [goneSeller.id]);

    ids.nameHit = (
      await createProduct(t, a.seller.token, {
        name: 'Walnut Journal',
        categoryId: cat.search.id,
        price: 100,
        stock: 1,
        description: 'Lined pages.',
      })
    ).id;
    ids.descriptionHit = (
      await createProduct(t, sellerB.token, {
        name: 'Plain Notebook',
        categoryId: cat.search.id,
        price: 100,
        stock: 1,
        description: 'A cover of walnut veneer, stitched by hand.',
      })
    ).id;
  });
  afterAll(() => t.close());

  it('shows shoppers only active products of active sellers', async () => {
    const res = await list({ perPage: 100 });
    expect(res.status).toBe(200);
    expect(names(res.body).sort()).toEqual([
      'Alpha Cup',
      'Bravo Mug',
      'Charlie Plate',
      'Delta Rake',
      'Echo Cup',
      'Plain Notebook',
      'Walnut Journal',
    ]);
    expect(res.body).toMatchObject({ total: 7, page: 1, perPage: 100 });
    const alpha = res.body.data.find((p: Item) => p.name === 'Alpha Cup');
    expect(alpha).toMatchObject({
      minPrice: 1000,
      stock: 5,
      inStock: true,
      variantCount: 1,
      ratingAvg: 4.5,
      soldCount: 10,
      sellerName: a.seller.name,
    });
    const echo = res.body.data.find((p: Item) => p.name === 'Echo Cup');
    expect(echo).toMatchObject({ minPrice: 1500, maxPrice: 2500, stock: 3, variantCount: 2 });
    expect(
      echo.variants.map((v: { options: object; price: number; stock: number }) => [
        v.options,
        v.price,
        v.stock,
      ]),
    ).toEqual([
      [{ size: 'S' }, 1500, 0],
      [{ size: 'L' }, 2500, 3],
    ]);
  });

  describe('category', () => {
    it('includes all descendants: a root lists its grandchildren’s products (by slug or id)', async () => {
      expect(names((await list({ category: 'home', sort: 'name' })).body)).toEqual([
        'Alpha Cup',
        'Bravo Mug',
        'Charlie Plate',
        'Echo Cup',
      ]);
      expect(names((await list({ category: cat.home.id, sort: 'name' })).body)).toEqual([
        'Alpha Cup',
        'Bravo Mug',
        'Charlie Plate',
        'Echo Cup',
      ]);
      expect(names((await list({ category: 'kitchen', sort: 'name' })).body)).toEqual([
        'Alpha Cup',
        'Bravo Mug',
        'Echo Cup',
      ]);
      expect(names((await list({ category: 'cups', sort: 'name' })).body)).toEqual(['Alpha Cup', 'Echo Cup']);
    });

    it('gives an empty page for an unknown category', async () => {
      const res = await list({ category: 'no-such-thing' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: [],
        total: 0,
        totalIsEstimate: false,
        page: 1,
        perPage: 20,
        nextCursor: null,
        prevCursor: null,
      });
      expect((await list({ category: '00000000-0000-4000-8000-000000000000' })).body.total).toBe(0);
    });
  });

  describe('sort', () => {
    const inHome = (sort: string) => list({ category: 'home', sort }).then((r) => names(r.body));
    it('by price (effective minimum), both directions', async () => {
      expect(await inHome('price')).toEqual(['Alpha Cup', 'Echo Cup', 'Charlie Plate', 'Bravo Mug']);
      expect(await inHome('-price')).toEqual(['Bravo Mug', 'Charlie Plate', 'Echo Cup', 'Alpha Cup']);
    });
    it('by name, newest, rating and sold count', async () => {
      expect(await inHome('name')).toEqual(['Alpha Cup', 'Bravo Mug', 'Charlie Plate', 'Echo Cup']);
      expect(await inHome('-createdAt')).toEqual(['Echo Cup', 'Charlie Plate', 'Bravo Mug', 'Alpha Cup']);
      expect(await inHome('-rating')).toEqual(['Charlie Plate', 'Alpha Cup', 'Echo Cup', 'Bravo Mug']);
      expect(await inHome('-sold')).toEqual(['Bravo Mug', 'Echo Cup', 'Alpha Cup', 'Charlie Plate']);
    });
    it('defaults to newest first and accepts several keys', async () => {
      expect(await inHome('')).toEqual(['Echo Cup', 'Charlie Plate', 'Bravo Mug', 'Alpha Cup']);
      await t.sql(`UPDATE product SET rating_avg = 4.0 WHERE id = $1`, [ids['Alpha Cup']]);
      try {
        expect(await inHome('-rating,-price')).toEqual([
          'Charlie Plate',
          'Echo Cup',
          'Alpha Cup',
          'Bravo Mug',
        ]);
      } finally {
        await t.sql(`UPDATE product SET rating_avg = 4.5 WHERE id = $1`, [ids['Alpha Cup']]);
      }
    });
    it('refuses unknown keys, and relevance without q, with 400', async () => {
      const unknown = await list({ sort: 'password' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('INVALID_SORT');
      expect((await list({ sort: 'price;drop table product' })).status).toBe(400);
      const relevance = await list({ sort: 'relevance' });
      expect(relevance.status).toBe(400);
      expect(relevance.body.message).toMatch(/relevance needs a search term/);
    });
  });

  describe('price, stock, seller and rating filters', () => {
    it('matches products whose effective price range overlaps [minPrice, maxPrice]', async () => {
      expect(names((await list({ minPrice: 1500, maxPrice: 2000, sort: 'name' })).body)).toEqual([
        'Charlie Plate',
        'Echo Cup',
      ]);
      expect(names((await list({ minPrice: 2500, sort: 'name' })).body)).toEqual(['Bravo Mug', 'Echo Cup']);
      expect(names((await list({ minPrice: 200, maxPrice: 500 })).body)).toEqual(['Delta Rake']);
      expect(names((await list({ maxPrice: 100, sort: 'name' })).body)).toEqual([
        'Plain Notebook',
        'Walnut Journal',
      ]);
      expect((await list({ minPrice: 99_999 })).body.total).toBe(0);
    });
    it('refuses minPrice > maxPrice, negatives and non-numbers with 400', async () => {
      const inverted = await list({ minPrice: 2000, maxPrice: 1000 });
      expect(inverted.status).toBe(400);
      expect(inverted.body.code).toBe('INVALID_PRICE_RANGE');
      expect((await list({ minPrice: -1 })).status).toBe(400);
      expect((await list({ maxPrice: 'cheap' })).status).toBe(400);
    });
    it('filters by stock on any variant', async () => {
      expect(names((await list({ category: 'home', inStock: true, sort: 'name' })).body)).toEqual([
        'Alpha Cup',
        'Charlie Plate',
        'Echo Cup',
      ]);
      expect(names((await list({ inStock: false })).body)).toEqual(['Bravo Mug']);
      expect((await list({ inStock: 'maybe' })).status).toBe(400);
    });
    it('filters by seller id or profile slug', async () => {
      expect(names((await list({ seller: sellerB.id, category: 'home' })).body)).toEqual(['Echo Cup']);
      const [{ slug }] = await t.sql<{ slug: string }>(`SELECT slug FROM "user" WHERE id = $1`, [sellerB.id]);
      expect(names((await list({ seller: slug, sort: 'name' })).body)).toEqual([
        'Delta Rake',
        'Echo Cup',
        'Plain Notebook',
      ]);
      expect((await list({ seller: 'nobody-here' })).body.total).toBe(0);
    });
    it('filters by minimum rating (0-5)', async () => {
      expect(names((await list({ minRating: 4, sort: '-rating' })).body)).toEqual([
        'Charlie Plate',
        'Alpha Cup',
        'Echo Cup',
      ]);
      expect((await list({ minRating: 5.5 })).status).toBe(400);
      expect((await list({ minRating: 5 })).body.total).toBe(1);
    });
  });

  describe('pages', () => {
    it('pages with totals in body and headers, including the last and past-the-end pages', async () => {
      const last = await list({ category: 'home', sort: 'price', perPage: 3, page: 2 });
      expect(names(last.body)).toEqual(['Bravo Mug']);
      expect(last.body).toMatchObject({ total: 4, page: 2, perPage: 3 });
      expect(last.headers['content-range']).toBe('products 3-3/4');
      expect(last.headers['x-total-count']).toBe('4');
      const past = await list({ category: 'home', perPage: 3, page: 3 });
      expect(past.body).toEqual({
        data: [],
        total: 4,
        totalIsEstimate: false,
        page: 3,
        perPage: 3,
        nextCursor: null,
        prevCursor: null,
      });
    });
    it('refuses perPage > 100 and page < 1 with 400', async () => {
      const big = await list({ perPage: 101 });
      expect(big.status).toBe(400);
      expect(big.body.details.fields[0].field).toBe('perPage');
      expect((await list({ page: 0 })).status).toBe(400);
      expect((await list({ perPage: 100 })).status).toBe(200);
    });
  });

  describe('search', () => {
    it('ranks a name hit above a description hit', async () => {
      const res = await list({ q: 'walnut' });
      expect(res.status).toBe(200);
      expect(res.body.data.map((p: Item) => p.id)).toEqual([ids.nameHit, ids.descriptionHit]);
      expect(res.body.data[0].rank).toBeGreaterThan(res.body.data[1].rank);
    });
    it('stems words, combines with filters and sorts, and finds nothing for unknown words', async () => {
      expect(names((await list({ q: 'journals' })).body)).toEqual(['Walnut Journal']);
      expect(names((await list({ q: 'cups', category: 'home' })).body).sort()).toEqual([
        'Alpha Cup',
        'Echo Cup',
      ]);
      expect(names((await list({ q: 'walnut', sort: 'name' })).body)).toEqual([
        'Plain Notebook',
        'Walnut Journal',
      ]);
      expect(names((await list({ q: 'walnut', seller: sellerB.id })).body)).toEqual(['Plain Notebook']);
      expect((await list({ q: 'zeppelin' })).body).toEqual({
        data: [],
        total: 0,
        totalIsEstimate: false,
        nextCursor: null,
        prevCursor: null,
        page: 1,
        perPage: 20,
      });
      expect((await list({ q: '"walnut veneer" -journal' })).body.total).toBe(1);
      expect((await list({ q: 'x'.repeat(201) })).status).toBe(400);
    });
  });

  describe('mine and status', () => {
    it('lets sellers list their own products including inactive ones', async () => {
      const mine = await list({ mine: true, sort: 'name', perPage: 100 }, a.seller.token);
      expect(names(mine.body)).toEqual([
        'Alpha Cup',
        'Bravo Mug',
        'Charlie Plate',
        'Foxtrot Bowl',
        'Walnut Journal',
      ]);
      const inactive = await list({ mine: true, status: 'inactive' }, a.seller.token);
      expect(names(inactive.body)).toEqual(['Foxtrot Bowl']);
      expect((await list({ mine: true }, a.customer.token)).status).toBe(403);
      expect((await list({ mine: true })).status).toBe(401);
      expect((await list({ status: 'inactive' }, a.seller.token)).status).toBe(403);
    });
    it('lets staff see every product and filter by status', async () => {
      const all = await list({ category: 'kitchen', sort: 'name' }, a.staff.token);
      expect(names(all.body)).toEqual(['Alpha Cup', 'Bravo Mug', 'Echo Cup', 'Foxtrot Bowl', 'Golf Jug']);
      expect(names((await list({ status: 'inactive' }, a.staff.token)).body)).toEqual(['Foxtrot Bowl']);
      expect((await list({ status: 'archived' }, a.staff.token)).body.total).toBe(0);
      const everything = await list({ status: 'all', perPage: 100 }, a.staff.token);
      expect(everything.status).toBe(200);
      expect(everything.body.total).toBe(9);
      expect((await list({ status: 'everything' }, a.staff.token)).status).toBe(400);
    });
  });
});
