import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DemoSeeder } from '../src/database/seed/demo-seeder';
import { DEMO_PRODUCT_COUNT } from '../src/store/store-demo.seed';
import { API } from './support/store-api';
import { createTestApp, DEMO_SEED_TIMEOUT_MS, TestApp } from './support/test-app';

describe('store: demo gift shop seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('store_demo_seed');
    await t.app.get(DemoSeeder).seed();
  }, DEMO_SEED_TIMEOUT_MS);
  afterAll(() => t.close());

  it('builds the gift shop tree with nested bottles', async () => {
    const tree = (await t.http.get(`${API}/categories`)).body as {
      slug: string;
      children: { slug: string }[];
    }[];
    expect(tree.map((c) => c.slug)).toEqual(['journals', 'bottles', 'cups', 'gift-packs']);
    expect(tree[1].children.map((c) => c.slug)).toEqual(['stylish', 'temperature']);
  });

  it('lists a few dozen products with images, variants and personalisation', async () => {
    const all = await t.http.get(`${API}/products`, { query: { perPage: 100 } });
    expect(all.body.total).toBe(DEMO_PRODUCT_COUNT);
    expect(DEMO_PRODUCT_COUNT).toBeGreaterThanOrEqual(24);
    expect(all.body.data.every((p: { thumbnailUrl: string | null }) => p.thumbnailUrl)).toBe(true);
    expect(all.body.data.some((p: { variantCount: number }) => p.variantCount > 1)).toBe(true);
    const bottles = await t.http.get(`${API}/products`, { query: { category: 'bottles', perPage: 100 } });
    expect(bottles.body.total).toBe(10);

    const gift = (await t.http.get(`${API}/products/birthday-gift-pack`)).body;
    expect(gift.customizationOptions).toEqual([
      { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
      { name: 'inscription', type: 'text', required: false, maxLength: 40 },
      { name: 'color', type: 'select', required: false, values: ['Red', 'Blue', 'Gold', 'Green'] },
    ]);
    expect(gift.images).toHaveLength(2);
    expect(gift.seller.name).toBe('Demo Seller');
    const files = await readdir(join(t.config.dataDir, 'media', 'products', gift.id));
    expect(files).toHaveLength(4);
    const thumb = await t.app.inject({ method: 'GET', url: new URL(gift.images[0].thumbUrl).pathname });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
  });

  it('is idempotent', async () => {
    await t.app.get(DemoSeeder).seed();
    expect((await t.http.get(`${API}/products`)).body.total).toBe(DEMO_PRODUCT_COUNT);
    expect((await t.http.get(`${API}/categories`)).body).toHaveLength(4);
  });
});
