import { Role } from '../src/accounts/role';
import { createCategory, createProduct, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const BULK = '/api/v1/products/bulk';

/**
 * PATCH /products/bulk: all or nothing, in one transaction; staff any product, sellers only their
 * own (one foreign id: 403 and nothing changed); 1-100 unique UUIDs; the trigger-kept live counts
 * stay equal to a recount; the shop's list total follows.
 */
describe('products: bulk activate / deactivate', () => {
  let t: TestApp;
  let staff: TestUser;
  let seller: TestUser;
  let other: TestUser;
  let customer: TestUser;
  let mine: TestProduct[];
  let theirs: TestProduct;
  let hidden: TestProduct;
  let categoryId: string;

  beforeAll(async () => {
    t = await createTestApp('products_bulk');
    staff = await createUser(t, Role.Staff);
    seller = await createUser(t, Role.Seller);
    other = await createUser(t, Role.Seller);
    customer = await createUser(t, Role.Customer);
    categoryId = (await createCategory(t)).id;
    mine = [];
    for (let i = 0; i < 3; i++) mine.push(await createProduct(t, { seller, categoryId }));
    theirs = await createProduct(t, { seller: other, categoryId });
    hidden = await createProduct(t, { seller: other, categoryId, active: false });
  });
  afterAll(() => t.close());

  const activeOf = async (ids: string[]) =>
    Object.fromEntries(
      (
        await t.sql<{ id: string; active: boolean }>(
          `SELECT id, active FROM product WHERE id = ANY($1::uuid[])`,
          [ids],
        )
      ).map((r) => [r.id, r.active]),
    );

  /** The live-count tables equal a recount from product. */
  async function expectCountsExact(): Promise<void> {
    const drift = await t.sql(
      `SELECT * FROM (
         SELECT category_id, seller_id, count(*)::int AS live FROM product WHERE active AND NOT archived GROUP BY 1, 2) x
       FULL JOIN product_live_count c USING (category_id, seller_id)
       WHERE coalesce(x.live, 0) <> coalesce(c.live, 0)`,
    );
    expect(drift).toEqual([]);
    const sellerDrift = await t.sql(
      `SELECT * FROM (
         SELECT seller_id, count(*)::int AS live FROM product WHERE active AND NOT archived GROUP BY 1) x
       FULL JOIN product_live_seller_count c USING (seller_id)
       WHERE coalesce(x.live, 0) <> coalesce(c.live, 0)`,
    );
    expect(sellerDrift).toEqual([]);
  }

  const shopTotal = async () =>
    (await t.http.get('/api/v1/products', { query: { category: categoryId } })).body.total as number;

  it('a seller deactivates and reactivates its own products in one request; counts follow', async () => {
    expect(await shopTotal()).toBe(4);
    const ids = [mine[0].id, mine[1].id];
    const off = await t.http.patch(BULK, { ids, active: false }, { token: seller.token });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ids, active: false, changed: 2 });
    expect(await activeOf(ids)).toEqual({ [ids[0]]: false, [ids[1]]: false });
    expect(await shopTotal()).toBe(2);
    await expectCountsExact();

    // Already-inactive ones count as unchanged; the answer still lists every id.
    const again = await t.http.patch(
      BULK,
      { ids: [mine[0].id, mine[2].id], active: false },
      { token: seller.token },
    );
    expect(again.body).toEqual({ ids: [mine[0].id, mine[2].id], active: false, changed: 1 });
    expect(await shopTotal()).toBe(1);

    const on = await t.http.patch(
      BULK,
      { ids: mine.map((p) => p.id), active: true },
      { token: seller.token },
    );
    expect(on.body.changed).toBe(3);
    expect(await shopTotal()).toBe(4);
    await expectCountsExact();
  });

  it('staff switch any seller’s products, including one that is not public', async () => {
    const ids = [theirs.id, hidden.id, mine[0].id];
    const res = await t.http.patch(BULK, { ids, active: true }, { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(1);
    expect(await activeOf(ids)).toEqual({ [theirs.id]: true, [hidden.id]: true, [mine[0].id]: true });
    const off = await t.http.patch(BULK, { ids: [hidden.id], active: false }, { token: staff.token });
    expect(off.body.changed).toBe(1);
    await expectCountsExact();
  });

  it('one product of another seller: 403 and nothing changed (404 when it is not public or unknown)', async () => {
    const before = await activeOf([mine[0].id, mine[1].id, theirs.id, hidden.id]);
    const foreign = await t.http.patch(
      BULK,
      { ids: [mine[0].id, theirs.id, mine[1].id], active: false },
      {
        token: seller.token,
      },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'FORBIDDEN', details: { ids: [theirs.id] } });
    const notPublic = await t.http.patch(
      BULK,
      { ids: [mine[0].id, hidden.id], active: false },
      {
        token: seller.token,
      },
    );
    expect(notPublic.status).toBe(404);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await t.http.patch(
      BULK,
      { ids: [mine[0].id, unknown], active: false },
      { token: staff.token },
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', details: { ids: [unknown] } });
    expect(await activeOf([mine[0].id, mine[1].id, theirs.id, hidden.id])).toEqual(before);
    await expectCountsExact();
  });

  it('customers and anonymous callers are refused', async () => {
    expect(
      (await t.http.patch(BULK, { ids: [mine[0].id], active: false }, { token: customer.token })).status,
    ).toBe(403);
    expect((await t.http.patch(BULK, { ids: [mine[0].id], active: false })).status).toBe(401);
    expect((await activeOf([mine[0].id]))[mine[0].id]).toBe(true);
  });

  it('bad input is 400 with the field named, never 500, and changes nothing', async () => {
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const cases: [unknown, string][] = [
      [{ ids: [], active: false }, 'ids'],
      [{ ids: many, active: false }, 'ids'],
      [{ ids: [mine[0].id, mine[0].id], active: false }, 'ids'],
      [{ ids: ['nope'], active: false }, 'ids'],
      [{ ids: [mine[0].id] }, 'active'],
      [{ ids: [mine[0].id], active: 'no' }, 'active'],
      [{ ids: mine[0].id, active: false }, 'ids'],
      [{ ids: [mine[0].id], active: false, name: 'x' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.patch(BULK, body, { token: staff.token });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const malformed = await t.http.patch(BULK, undefined, { token: staff.token, raw: '{"ids": [' });
    expect(malformed.status).toBe(400);
    expect((await activeOf([mine[0].id]))[mine[0].id]).toBe(true);
  });

  it('100 ids at once: one statement, counts exact', async () => {
    const sellerB = await createUser(t, Role.Seller);
    const [{ ids }] = await t.sql<{ ids: string[] }>(
      `WITH x AS (
         INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price, active)
         SELECT $1, $2, 'Bulk ' || i, 'bulk-' || i, 100, 'USD', 100, 100, i % 2 = 0 FROM generate_series(1, 100) i
         RETURNING id)
       SELECT array_agg(id) AS ids FROM x`,
      [sellerB.id, categoryId],
    );
    const res = await t.http.patch(BULK, { ids, active: false }, { token: sellerB.token });
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(50);
    await expectCountsExact();
    const on = await t.http.patch(BULK, { ids, active: true }, { token: staff.token });
    expect(on.body.changed).toBe(100);
    await expectCountsExact();
  });
});
