import { Actors, API, createActors, createCategory, createProduct } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

describe('store: categories', () => {
  let t: TestApp;
  let a: Actors;
  beforeAll(async () => {
    t = await createTestApp('store_categories');
    a = await createActors(t);
  });
  afterAll(() => t.close());

  it('builds a tree of any depth, returned by GET /categories in position then name order', async () => {
    const bottles = await createCategory(t, a.staff.token, { name: 'Bottles', position: 2 });
    const journals = await createCategory(t, a.staff.token, { name: 'Journals', position: 1 });
    const temperature = await createCategory(t, a.staff.token, { name: 'Temperature', parentId: bottles.id });
    const stylish = await createCategory(t, a.staff.token, { name: 'Stylish', parentId: bottles.id });
    const vacuum = await createCategory(t, a.staff.token, {
      name: 'Vacuum Flasks',
      parentId: temperature.id,
    });

    const res = await t.http.get(`${API}/categories`);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { slug: string }) => c.slug)).toEqual(['journals', 'bottles']);
    const b = res.body[1];
    expect(b).toMatchObject({ id: bottles.id, parentId: null });
    expect(b.children.map((c: { name: string }) => c.name)).toEqual(['Stylish', 'Temperature']);
    expect(b.children[1].children).toEqual([
      expect.objectContaining({
        id: vacuum.id,
        slug: 'vacuum-flasks',
        parentId: temperature.id,
        children: [],
      }),
    ]);
    expect(res.body[0]).toMatchObject({ id: journals.id, children: [] });
    expect(stylish.slug).toBe('stylish');
  });

  it('finds a category by id or slug with its breadcrumb and children', async () => {
    const bySlug = await t.http.get(`${API}/categories/vacuum-flasks`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body.breadcrumb.map((c: { slug: string }) => c.slug)).toEqual([
      'bottles',
      'temperature',
      'vacuum-flasks',
    ]);
    const byId = await t.http.get(`${API}/categories/${bySlug.body.breadcrumb[0].id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.slug).toBe('bottles');
    expect(byId.body.children.map((c: { slug: string }) => c.slug)).toEqual(['stylish', 'temperature']);
    expect((await t.http.get(`${API}/categories/no-such-category`)).status).toBe(404);
    expect((await t.http.get(`${API}/categories/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('lets only staff write: anonymous 401, customer and seller 403', async () => {
    expect((await t.http.post(`${API}/categories`, { name: 'Cups' })).status).toBe(401);
    expect(
      (await t.http.post(`${API}/categories`, { name: 'Cups' }, { token: a.customer.token })).status,
    ).toBe(403);
    expect((await t.http.post(`${API}/categories`, { name: 'Cups' }, { token: a.seller.token })).status).toBe(
      403,
    );
    const admin = await t.http.post(`${API}/categories`, { name: 'Cups & Mugs' }, { token: a.staff.token });
    expect(admin.status).toBe(201);
    expect(admin.body.slug).toBe('cups-and-mugs');
    const patch = await t.http.patch(
      `${API}/categories/${admin.body.id}`,
      { name: 'Mugs' },
      { token: a.seller.token },
    );
    expect(patch.status).toBe(403);
    expect(
      (await t.http.delete(`${API}/categories/${admin.body.id}`, { token: a.customer.token })).status,
    ).toBe(403);
  });

  it('generates slugs from names, lets staff edit them, and refuses a taken slug with 409', async () => {
    const gifts = await createCategory(t, a.staff.token, { name: 'Gift Packs' });
    expect(gifts.slug).toBe('gift-packs');
    const dup = await t.http.post(`${API}/categories`, { name: 'Gift packs!' }, { token: a.staff.token });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('SLUG_TAKEN');
    const custom = await t.http.post(
      `${API}/categories`,
      { name: 'Gift packs!', slug: 'gift-packs-2' },
      { token: a.staff.token },
    );
    expect(custom.status).toBe(201);
    const renamed = await t.http.patch(
      `${API}/categories/${custom.body.id}`,
      { slug: 'hampers', name: 'Hampers' },
      { token: a.staff.token },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ slug: 'hampers', name: 'Hampers' });
    const clash = await t.http.patch(
      `${API}/categories/${custom.body.id}`,
      { slug: 'gift-packs' },
      { token: a.staff.token },
    );
    expect(clash.status).toBe(409);
    const badSlug = await t.http.post(
      `${API}/categories`,
      { name: 'X', slug: 'Not A Slug' },
      { token: a.staff.token },
    );
    expect(badSlug.status).toBe(400);
    const noLetters = await t.http.post(`${API}/categories`, { name: '!!!' }, { token: a.staff.token });
    expect(noLetters.status).toBe(400);
    expect(noLetters.body.code).toBe('SLUG_REQUIRED');
  });

  it('moves categories, refusing a missing parent (400) and cycles (400)', async () => {
    const top = await createCategory(t, a.staff.token, { name: 'Top' });
    const mid = await createCategory(t, a.staff.token, { name: 'Mid', parentId: top.id });
    const low = await createCategory(t, a.staff.token, { name: 'Low', parentId: mid.id });
    const cycle = await t.http.patch(
      `${API}/categories/${top.id}`,
      { parentId: low.id },
      { token: a.staff.token },
    );
    expect(cycle.status).toBe(400);
    expect(cycle.body.code).toBe('CATEGORY_CYCLE');
    const self = await t.http.patch(
      `${API}/categories/${top.id}`,
      { parentId: top.id },
      { token: a.staff.token },
    );
    expect(self.body.code).toBe('CATEGORY_CYCLE');
    const missing = await t.http.post(
      `${API}/categories`,
      { name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' },
      { token: a.staff.token },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('PARENT_NOT_FOUND');
    const toRoot = await t.http.patch(
      `${API}/categories/${low.id}`,
      { parentId: null },
      { token: a.staff.token },
    );
    expect(toRoot.status).toBe(200);
    expect(toRoot.body.parentId).toBeNull();
    expect(
      (
        await t.http.patch(
          `${API}/categories/00000000-0000-4000-8000-000000000000`,
          { name: 'x' },
          { token: a.staff.token },
        )
      ).status,
    ).toBe(404);
  });

  it('refuses to delete a category that has subcategories or products (409), deletes an empty one', async () => {
    const parent = await createCategory(t, a.staff.token, { name: 'Stationery' });
    const child = await createCategory(t, a.staff.token, { name: 'Pens', parentId: parent.id });
    const withChildren = await t.http.delete(`${API}/categories/${parent.id}`, { token: a.staff.token });
    expect(withChildren.status).toBe(409);
    expect(withChildren.body).toMatchObject({
      code: 'CATEGORY_HAS_CHILDREN',
      details: { children: 1, products: 0 },
    });
    expect(withChildren.body.message).toBe(
      'Category "Stationery" still has 1 subcategory; move or delete them first',
    );

    await createProduct(t, a.seller.token, {
      name: 'Fountain Pen',
      categoryId: child.id,
      price: 1500,
      stock: 3,
    });
    const withProducts = await t.http.delete(`${API}/categories/${child.id}`, { token: a.staff.token });
    expect(withProducts.status).toBe(409);
    expect(withProducts.body.code).toBe('CATEGORY_HAS_PRODUCTS');
    expect(withProducts.body.message).toContain('1 product');

    const empty = await createCategory(t, a.staff.token, { name: 'Empty' });
    expect((await t.http.delete(`${API}/categories/${empty.id}`, { token: a.staff.token })).status).toBe(204);
    expect((await t.http.get(`${API}/categories/${empty.id}`)).status).toBe(404);
    expect((await t.http.delete(`${API}/categories/${empty.id}`, { token: a.staff.token })).status).toBe(404);
  });
});
