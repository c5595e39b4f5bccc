import { Role } from '../src/accounts/role';
import { createProduct } from './support/catalog-factories';
import { createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const WISHLIST = '/api/v1/me/wishlist';

describe('reviews: wishlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('reviews_wishlist');
  });
  afterAll(() => t.close());

  it('adds idempotently (201 then 200, one row, archived since included), lists price/stock/availability, removes idempotently', async () => {
    const user = await createUser(t);
    const other = await createUser(t, Role.Seller);
    const owner = await createUser(t, Role.Seller);
    const a = await createProduct(t, { seller: owner, price: 2500, stock: 3 });
    const b = await createProduct(t, { price: 900, stock: 0 });

    const first = await t.http.post(WISHLIST, { productId: a.id }, { token: user.token });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      productId: a.id,
      price: 2500,
      stock: 3,
      available: true,
      inStock: true,
    });
    const again = await t.http.post(WISHLIST, { productId: a.id }, { token: user.token });
    expect([again.status, again.body.productId]).toEqual([200, a.id]);
    const both = await Promise.all(
      [1, 2, 3].map(() => t.http.post(WISHLIST, { productId: b.id }, { token: user.token })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const [{ count }] = await t.sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM wishlist_item WHERE user_id = $1`,
      [user.id],
    );
    expect(count).toBe(2);

    const list = await t.http.get(WISHLIST, { token: user.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.data.map((i: { productId: string }) => i.productId)).toEqual([b.id, a.id]);
    expect(list.body.data[0]).toMatchObject({
      stock: 0,
      inStock: false,
      available: true,
      currency: t.config.currency,
    });
    const second = await t.http.get(WISHLIST, { token: user.token, query: { perPage: 1, page: 2 } });
    expect([second.body.data.map((i: { productId: string }) => i.productId), second.body.total]).toEqual([
      [a.id],
      2,
    ]);
    expect(second.headers['x-total-count']).toBe('2');
    // Read at list time: the seller's later price, discount and stock changes show.
    const edit = await t.http.patch(
      `/api/v1/products/${a.id}`,
      { price: 3000, discountPercent: 10, stock: 7 },
      { token: owner.token },
    );
    expect(edit.status).toBe(200);
    const current = await t.http.get(WISHLIST, { token: user.token });
    expect(current.body.data.find((i: { productId: string }) => i.productId === a.id)).toMatchObject({
      price: 2700,
      maxPrice: 2700,
      stock: 7,
      inStock: true,
    });
    // Someone else's list is their own.
    expect((await t.http.get(WISHLIST, { token: other.token })).body.total).toBe(0);

    // Archived later: still listed, flagged unavailable; can no longer be added.
    await t.sql(`UPDATE product SET archived = true WHERE id = $1`, [a.id]);
    const after = await t.http.get(WISHLIST, { token: user.token });
    expect(after.body.data.find((i: { productId: string }) => i.productId === a.id)).toMatchObject({
      available: false,
      inStock: false,
    });
    expect((await t.http.post(WISHLIST, { productId: a.id }, { token: other.token })).status).toBe(404);
    // Adding it again is still idempotent for whoever has it: 200, as it is now.
    const readd = await t.http.post(WISHLIST, { productId: a.id }, { token: user.token });
    expect([readd.status, readd.body.productId, readd.body.available]).toEqual([200, a.id, false]);

    expect((await t.http.delete(`${WISHLIST}/${b.id}`, { token: user.token })).status).toBe(204);
    expect((await t.http.delete(`${WISHLIST}/${b.id}`, { token: user.token })).status).toBe(204);
    expect((await t.http.get(WISHLIST, { token: user.token })).body.total).toBe(1);
  });

  it('refuses bad input and anonymous callers', async () => {
    const user = await createUser(t);
    expect((await t.http.post(WISHLIST, { productId: 'x' }, { token: user.token })).status).toBe(400);
    expect((await t.http.post(WISHLIST, {}, { token: user.token })).status).toBe(400);
    const unknown = await t.http.post(
      WISHLIST,
      { productId: '00000000-0000-4000-8000-000000000000' },
      { token: user.token },
    );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.http.delete(`${WISHLIST}/nope`, { token: user.token })).status).toBe(400);
    expect((await t.http.get(WISHLIST)).status).toBe(401);
    expect((await t.http.get(WISHLIST, { token: user.token, query: { perPage: 101 } })).status).toBe(400);
  });
});
