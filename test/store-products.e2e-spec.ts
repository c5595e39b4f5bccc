import { Actors, API, createActors, createCategory, createProduct } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

describe('store: products and variants', () => {
  let t: TestApp;
  let a: Actors;
  let categoryId: string;
  beforeAll(async () => {
    t = await createTestApp('store_products');
    a = await createActors(t);
    const bottles = await createCategory(t, a.staff.token, { name: 'Bottles' });
    categoryId = (await createCategory(t, a.staff.token, { name: 'Temperature', parentId: bottles.id })).id;
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('makes one default variant from price and stock, with the effective price range', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Steel Flask',
        categoryId,
        price: 2499,
        stock: 7,
        discountPercent: 10,
        description: 'Keeps tea hot',
      });
      expect(p).toMatchObject({
        slug: 'steel-flask',
        price: 2499,
        currency: 'USD',
        discountPercent: 10,
        minPrice: 2249,
        maxPrice: 2249,
        stock: 7,
        inStock: true,
        variantCount: 1,
        sellerId: a.seller.id,
        active: true,
        archived: false,
      });
      expect(p.variants).toEqual([
        {
          id: expect.any(String),
          sku: expect.stringMatching(/^BZ-/),
          options: {},
          priceOverride: null,
          price: 2249,
          stock: 7,
        },
      ]);
      expect(p.breadcrumb.map((c: { slug: string }) => c.slug)).toEqual(['bottles', 'temperature']);
      expect(p.seller).toEqual({ id: a.seller.id, name: a.seller.name, slug: expect.any(String) });
      const bySlug = await t.http.get(`${API}/products/steel-flask`);
      expect(bySlug.status).toBe(200);
      expect(bySlug.body.id).toBe(p.id);
      expect((await t.http.get(`${API}/products/${p.id}`)).body.slug).toBe('steel-flask');
    });

    it('creates several variants at once; min/max price come from them', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Travel Mug',
        categoryId,
        price: 1000,
        discountPercent: 20,
        variants: [
          { options: { size: 'S' }, stock: 2 },
          { options: { size: 'L' }, stock: 0, priceOverride: 1500, sku: 'MUG-L' },
        ],
      });
      expect(p).toMatchObject({ minPrice: 800, maxPrice: 1200, stock: 2, variantCount: 2 });
      expect(
        p.variants.map((v: { sku: string; price: number }) => [
          v.sku.startsWith('BZ-') ? 'auto' : v.sku,
          v.price,
        ]),
      ).toEqual([
        ['auto', 800],
        ['MUG-L', 1200],
      ]);
      const both = await t.http.post(
        `${API}/products`,
        { name: 'Both', categoryId, price: 1, stock: 1, variants: [{ options: { a: 'b' } }] },
        { token: a.seller.token },
      );
      expect(both.status).toBe(400);
      expect(both.body.code).toBe('VARIANTS_OR_STOCK');
    });

    it('is refused to anonymous callers (401) and customers (403)', async () => {
      const body = { name: 'Nope', categoryId, price: 100, stock: 1 };
      expect((await t.http.post(`${API}/products`, body)).status).toBe(401);
      const customer = await t.http.post(`${API}/products`, body, { token: a.customer.token });
      expect(customer.status).toBe(403);
      expect(customer.body.code).toBe('FORBIDDEN');
    });

    it('refuses the same name twice for one seller (409), not across sellers (slug gets a suffix)', async () => {
      await createProduct(t, a.seller.token, { name: 'Walnut Journal', categoryId, price: 1200, stock: 1 });
      const again = await t.http.post(
        `${API}/products`,
        { name: 'Walnut Journal', categoryId, price: 1200, stock: 1 },
        { token: a.seller.token },
      );
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('PRODUCT_NAME_TAKEN');
      const other = await createProduct(t, a.otherSeller.token, {
        name: 'Walnut Journal',
        categoryId,
        price: 1300,
        stock: 1,
      });
      expect(other.slug).toMatch(/^walnut-journal-[0-9a-f]{6}$/);
      const chosen = await t.http.post(
        `${API}/products`,
        { name: 'Another', slug: 'walnut-journal', categoryId, price: 1, stock: 1 },
        { token: a.otherSeller.token },
      );
      expect(chosen.status).toBe(409);
      expect(chosen.body.code).toBe('SLUG_TAKEN');
    });

    it('validates price, discount, category and customisation options', async () => {
      const post = (body: Record<string, unknown>) =>
        t.http.post(
          `${API}/products`,
          { name: 'V', categoryId, price: 100, stock: 1, ...body },
          { token: a.seller.token },
        );
      expect((await post({ discountPercent: 91 })).status).toBe(400);
      expect((await post({ discountPercent: -1 })).status).toBe(400);
      expect((await post({ price: 12.5 })).status).toBe(400);
      expect((await post({ stock: -1 })).status).toBe(400);
      expect((await post({ unknown: 1 })).status).toBe(400);
      const text = await t.http.post(`${API}/products`, undefined, {
        token: a.seller.token,
        raw: 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      const missingCategory = await post({ categoryId: '00000000-0000-4000-8000-000000000000' });
      expect(missingCategory.status).toBe(400);
      expect(missingCategory.body.code).toBe('CATEGORY_NOT_FOUND');
      const select = await post({
        customizationOptions: [{ name: 'recipient', type: 'select', required: true }],
      });
      expect(select.status).toBe(400);
      expect(select.body.message).toBe(
        'customizationOptions[0].values must list the choices of a select option',
      );
      const badType = await post({ customizationOptions: [{ name: 'x', type: 'date', required: true }] });
      expect(badType.status).toBe(400);
      expect(badType.body.message).toBe('customizationOptions[0].type must be one of text, select, phone');
      // A list that was sent but is wrong is reported as wrong, never as missing.
      const wrongKeys = await post({ customizationOptions: [{ key: 'engraving', label: 'Engraving' }] });
      expect(wrongKeys.status).toBe(400);
      expect(wrongKeys.body.message).toBe('customizationOptions[0].key is not allowed');
      const fields = wrongKeys.body.details.fields as { field: string; messages: string[] }[];
      expect(fields[0].field).toBe('customizationOptions');
      expect(fields[0].messages).toEqual(['customizationOptions[0].key is not allowed']);
      expect(fields.flatMap((f) => f.messages)).not.toContain('customizationOptions is required');
      expect(fields.map((f) => f.field)).toEqual(
        expect.arrayContaining(['customizationOptions.0.key', 'customizationOptions.0.type']),
      );
      const ok = await post({
        name: 'Gift Pack',
        customizationOptions: [
          { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
          { name: 'inscription', type: 'text', required: false, maxLength: 40 },
          { name: 'phone', type: 'phone', required: false },
        ],
      });
      expect(ok.status).toBe(201);
      expect(ok.body.customizationOptions).toEqual([
        { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
        { name: 'inscription', type: 'text', required: false, maxLength: 40 },
        { name: 'phone', type: 'phone', required: false },
      ]);
    });

    it('lets staff create for a seller, not sellers for someone else', async () => {
      const forSeller = await t.http.post(
        `${API}/products`,
        { name: 'Staff Made', categoryId, price: 100, stock: 1, sellerId: a.otherSeller.id },
        { token: a.staff.token },
      );
      expect(forSeller.status).toBe(201);
      expect(forSeller.body.sellerId).toBe(a.otherSeller.id);
      const forCustomer = await t.http.post(
        `${API}/products`,
        { name: 'Staff Made 2', categoryId, price: 100, stock: 1, sellerId: a.customer.id },
        { token: a.staff.token },
      );
      expect(forCustomer.body.code).toBe('NOT_A_SELLER');
      const spoof = await t.http.post(
        `${API}/products`,
        { name: 'Spoof', categoryId, price: 100, stock: 1, sellerId: a.otherSeller.id },
        { token: a.seller.token },
      );
      expect(spoof.status).toBe(403);
    });
  });

  describe('edit and ownership', () => {
    it('lets a seller edit only their own products (403 on another seller’s, 404 when it is hidden)', async () => {
      const mine = await createProduct(t, a.seller.token, {
        name: 'Ceramic Cup',
        categoryId,
        price: 900,
        stock: 4,
      });
      const res = await t.http.patch(
        `${API}/products/${mine.id}`,
        { name: 'Hacked' },
        { token: a.otherSeller.token },
      );
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('You can only change your own products');
      expect((await t.http.delete(`${API}/products/${mine.id}`, { token: a.otherSeller.token })).status).toBe(
        403,
      );
      expect(
        (
          await t.http.post(
            `${API}/products/${mine.id}/variants`,
            { options: { c: 'x' } },
            { token: a.otherSeller.token },
          )
        ).status,
      ).toBe(403);
      expect(
        (await t.http.patch(`${API}/products/${mine.id}`, { name: 'Hacked' }, { token: a.customer.token }))
          .status,
      ).toBe(403);
      expect((await t.http.patch(`${API}/products/${mine.id}`, { name: 'Hacked' })).status).toBe(401);

      const hidden = await createProduct(t, a.seller.token, {
        name: 'Draft Cup',
        categoryId,
        price: 900,
        stock: 4,
        active: false,
      });
      expect(
        (await t.http.patch(`${API}/products/${hidden.id}`, { name: 'x' }, { token: a.otherSeller.token }))
          .status,
      ).toBe(404);

      const staff = await t.http.patch(
        `${API}/products/${mine.id}`,
        { name: 'Ceramic Cup Blue' },
        { token: a.staff.token },
      );
      expect(staff.status).toBe(200);
      expect(staff.body).toMatchObject({ name: 'Ceramic Cup Blue', slug: 'ceramic-cup' });
    });

    it('hides inactive products from shoppers but not from their owner and staff', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Hidden Bottle',
        categoryId,
        price: 500,
        stock: 1,
        active: false,
      });
      expect((await t.http.get(`${API}/products/${p.slug}`)).status).toBe(404);
      expect((await t.http.get(`${API}/products/${p.slug}`, { token: a.customer.token })).status).toBe(404);
      expect((await t.http.get(`${API}/products/${p.slug}`, { token: a.otherSeller.token })).status).toBe(
        404,
      );
      expect((await t.http.get(`${API}/products/${p.slug}`, { token: a.seller.token })).status).toBe(200);
      expect((await t.http.get(`${API}/products/${p.slug}`, { token: a.staff.token })).status).toBe(200);
      await t.http.patch(`${API}/products/${p.id}`, { active: true }, { token: a.seller.token });
      expect((await t.http.get(`${API}/products/${p.slug}`)).status).toBe(200);
    });

    it('PATCH stock/sku/price edits the only variant of a simple product and recomputes prices', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Simple Bottle',
        categoryId,
        price: 1000,
        stock: 3,
        discountPercent: 10,
      });
      const res = await t.http.patch(
        `${API}/products/${p.id}`,
        { stock: 11, sku: 'SIMPLE-1', price: 2000 },
        { token: a.seller.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ price: 2000, stock: 11, minPrice: 1800, maxPrice: 1800 });
      expect(res.body.variants).toEqual([
        expect.objectContaining({ id: p.variants[0].id, sku: 'SIMPLE-1', stock: 11, price: 1800 }),
      ]);
      const discount = await t.http.patch(
        `${API}/products/${p.id}`,
        { discountPercent: 50 },
        { token: a.seller.token },
      );
      expect(discount.body).toMatchObject({ minPrice: 1000, maxPrice: 1000 });
      const [row] = await t.sql<{ min_price: string }>(`SELECT min_price FROM product WHERE id = $1`, [p.id]);
      expect(row.min_price).toBe('1000');
      expect(
        (await t.http.patch(`${API}/products/${p.id}`, { stock: -1 }, { token: a.seller.token })).status,
      ).toBe(400);
    });

    it('refuses stock edits on the product when it has several variants (409)', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Sized Bottle',
        categoryId,
        price: 1000,
        variants: [{ options: { size: 'S' } }, { options: { size: 'L' } }],
      });
      const res = await t.http.patch(`${API}/products/${p.id}`, { stock: 5 }, { token: a.seller.token });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PRODUCT_HAS_VARIANTS');
      const price = await t.http.patch(`${API}/products/${p.id}`, { price: 1200 }, { token: a.seller.token });
      expect(price.body).toMatchObject({ minPrice: 1200, maxPrice: 1200 });
    });
  });

  describe('variants', () => {
    it('adds, edits and deletes variants with SKU/option uniqueness, stock >= 0 and price range upkeep', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Colour Bottle',
        categoryId,
        price: 1000,
        stock: 1,
        sku: 'CB-DEFAULT',
      });
      const url = `${API}/products/${p.id}/variants`;
      const red = await t.http.post(
        url,
        { options: { colour: 'red' }, stock: 4, priceOverride: 3000, sku: 'CB-RED' },
        { token: a.seller.token },
      );
      expect(red.status).toBe(201);
      expect(red.body).toMatchObject({
        sku: 'CB-RED',
        options: { colour: 'red' },
        priceOverride: 3000,
        price: 3000,
        stock: 4,
      });
      let detail = (await t.http.get(`${API}/products/${p.id}`)).body;
      expect(detail).toMatchObject({ minPrice: 1000, maxPrice: 3000, stock: 5, variantCount: 2 });

      const sku = await t.http.post(
        url,
        { options: { colour: 'blue' }, sku: 'CB-RED' },
        { token: a.seller.token },
      );
      expect(sku.status).toBe(409);
      expect(sku.body.code).toBe('SKU_TAKEN');
      const sameOptions = await t.http.post(url, { options: { colour: 'red' } }, { token: a.seller.token });
      expect(sameOptions.status).toBe(409);
      expect(sameOptions.body.code).toBe('VARIANT_EXISTS');
      expect(
        (await t.http.post(url, { options: { colour: 'blue' }, stock: -1 }, { token: a.seller.token }))
          .status,
      ).toBe(400);
      expect((await t.http.post(url, { options: { colour: '' } }, { token: a.seller.token })).status).toBe(
        400,
      );
      expect((await t.http.post(url, { stock: 1 }, { token: a.seller.token })).status).toBe(400);

      const edited = await t.http.patch(
        `${url}/${red.body.id}`,
        { priceOverride: null, stock: 0 },
        { token: a.seller.token },
      );
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ priceOverride: null, price: 1000, stock: 0 });
      expect(
        (await t.http.patch(`${url}/${red.body.id}`, { stock: -5 }, { token: a.seller.token })).status,
      ).toBe(400);
      expect(
        (await t.http.patch(`${url}/${red.body.id}`, { sku: 'CB-DEFAULT' }, { token: a.seller.token }))
          .status,
      ).toBe(409);
      detail = (await t.http.get(`${API}/products/${p.id}`)).body;
      expect(detail).toMatchObject({ minPrice: 1000, maxPrice: 1000, stock: 1 });

      expect((await t.http.delete(`${url}/${red.body.id}`, { token: a.otherSeller.token })).status).toBe(403);
      expect((await t.http.delete(`${url}/${red.body.id}`, { token: a.seller.token })).status).toBe(204);
      expect((await t.http.delete(`${url}/${red.body.id}`, { token: a.seller.token })).status).toBe(404);
      const last = await t.http.delete(`${url}/${p.variants[0].id}`, { token: a.seller.token });
      expect(last.status).toBe(409);
      expect(last.body.code).toBe('LAST_VARIANT');
      expect(
        (
          await t.http.patch(
            `${url}/00000000-0000-4000-8000-000000000000`,
            { stock: 1 },
            { token: a.seller.token },
          )
        ).status,
      ).toBe(404);
    });

    it('keeps stock >= 0 in the database too (CHECK constraint)', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Check Bottle',
        categoryId,
        price: 100,
        stock: 1,
      });
      await expect(
        t.sql(`UPDATE product_variant SET stock = stock - 2 WHERE product_id = $1`, [p.id]),
      ).rejects.toThrow(/CHK_variant_stock/);
    });

    it('stockAdjustment adds or removes units atomically, so concurrent deliveries and sales all count', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Delivery Bottle',
        categoryId,
        price: 100,
        stock: 5,
      });
      const variantId = p.variants[0].id as string;
      const url = `${API}/products/${p.id}/variants/${variantId}`;
      // Ten deliveries of 2 at once: every one counts (a read-then-set would lose some).
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.http.patch(url, { stockAdjustment: 2 }, { token: a.seller.token }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect((await t.http.get(`${API}/products/${p.id}`)).body.stock).toBe(25);

      const removed = await t.http.patch(url, { stockAdjustment: -20 }, { token: a.seller.token });
      expect(removed.body).toMatchObject({ id: variantId, stock: 5 });
      const below = await t.http.patch(url, { stockAdjustment: -6 }, { token: a.seller.token });
      expect(below.status).toBe(409);
      expect(below.body.code).toBe('INSUFFICIENT_STOCK');

      const both = await t.http.patch(url, { stock: 3, stockAdjustment: 1 }, { token: a.seller.token });
      expect(both.status).toBe(400);
      expect(both.body.code).toBe('STOCK_CONFLICTING_FIELDS');
      for (const bad of [0, 1.5, 'x']) {
        const res = await t.http.patch(url, { stockAdjustment: bad }, { token: a.seller.token });
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
      expect((await t.http.patch(url, { stockAdjustment: 1 }, { token: a.otherSeller.token })).status).toBe(
        403,
      );

      const spec = (await t.http.get('/docs-json')).body;
      expect(spec.components.schemas.UpdateVariantDto.properties.stockAdjustment).toMatchObject({
        type: 'integer',
      });
      expect(spec.components.schemas.UpdateProductDto.properties).toHaveProperty('stockAdjustment');

      // A simple product takes it on PATCH /products/:id too.
      const simple = await t.http.patch(
        `${API}/products/${p.id}`,
        { stockAdjustment: 3 },
        { token: a.seller.token },
      );
      expect(simple.status).toBe(200);
      expect(simple.body.stock).toBe(8);
    });
  });

  describe('delete', () => {
    it('deletes a product nobody references, with its variants', async () => {
      const p = await createProduct(t, a.seller.token, {
        name: 'Gone Soon',
        categoryId,
        price: 100,
        stock: 1,
      });
      const res = await t.http.delete(`${API}/products/${p.id}`, { token: a.seller.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: p.id, outcome: 'deleted' });
      expect(await t.sql(`SELECT 1 FROM product_variant WHERE product_id = $1`, [p.id])).toHaveLength(0);
      expect((await t.http.get(`${API}/products/${p.id}`, { token: a.staff.token })).status).toBe(404);
    });

    it('archives a product that an order-like row references (the foreign key decides)', async () => {
      // Stands in for orders' order_line: any RESTRICT reference to the product keeps it.
      await t.sql(
        `CREATE TABLE test_order_line (id serial PRIMARY KEY, product_id uuid NOT NULL REFERENCES product(id))`,
      );
      const p = await createProduct(t, a.seller.token, {
        name: 'Sold Once',
        categoryId,
        price: 100,
        stock: 1,
      });
      await t.sql(`INSERT INTO test_order_line (product_id) VALUES ($1)`, [p.id]);
      const res = await t.http.delete(`${API}/products/${p.id}`, { token: a.staff.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: p.id, outcome: 'archived' });
      expect((await t.http.get(`${API}/products/${p.id}`)).status).toBe(404);
      const owner = await t.http.get(`${API}/products/${p.id}`, { token: a.seller.token });
      expect(owner.body).toMatchObject({ archived: true, variantCount: 1 });
      const list = await t.http.get(`${API}/products`, { query: { q: 'sold once' } });
      expect(list.body.total).toBe(0);
      const staffList = await t.http.get(`${API}/products`, {
        token: a.staff.token,
        query: { q: 'sold once', status: 'archived' },
      });
      expect(staffList.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    });
  });
});
