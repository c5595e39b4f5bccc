import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  Actors,
  API,
  createActors,
  createCategory,
  createProduct,
  imageBytes,
  multipart,
} from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

const MAX_BYTES = 20_000;

describe('store: product images', () => {
  let t: TestApp;
  let a: Actors;
  let categoryId: string;
  beforeAll(async () => {
    t = await createTestApp('store_images', { UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    a = await createActors(t);
    categoryId = (await createCategory(t, a.staff.token, { name: 'Journals' })).id;
  });
  afterAll(() => t.close());

  const mediaRoot = () => join(t.config.dataDir, 'media');
  /** Every stored file of a product, relative to the media root. */
  const storedFiles = async (productId: string): Promise<string[]> =>
    readdir(join(mediaRoot(), 'products', productId)).then(
      (files) => files.filter((f) => !f.endsWith('.tmp')).sort(),
      () => [],
    );
  const upload = (
    productId: string,
    file: Parameters<typeof multipart>[0],
    token = a.seller.token,
    fields?: Record<string, string>,
  ) => {
    const { body, contentType } = multipart(file, fields);
    return t.http.post(`${API}/products/${productId}/images`, undefined, {
      token,
      raw: body,
      headers: { 'content-type': contentType },
    });
  };
  const mediaPath = (url: string) => new URL(url).pathname;

  it('stores a thumbnail and a large WebP, sniffing the type from the content, and serves them with long cache headers', async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Photo Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const jpeg = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#3366cc' } })
      .jpeg({ quality: 30 })
      .toBuffer();
    expect(jpeg.length).toBeLessThan(MAX_BYTES);
    // A misleading name and content type do not matter: the bytes are a JPEG.
    const res = await upload(
      p.id,
      { data: jpeg, filename: 'notes.txt', contentType: 'text/plain' },
      a.seller.token,
      { alt: 'Blue cover' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), alt: 'Blue cover', position: 0 });
    expect(res.body.thumbUrl).toMatch(
      new RegExp(`^http://shop.test/media/products/${p.id}/[0-9a-f-]+-thumb\\.webp$`),
    );
    expect(await storedFiles(p.id)).toHaveLength(2);

    const thumb = await t.app.inject({ method: 'GET', url: mediaPath(res.body.thumbUrl) });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({
      format: 'webp',
      width: 400,
      height: 200,
    });
    const large = await t.app.inject({ method: 'GET', url: mediaPath(res.body.largeUrl) });
    expect(await sharp(large.rawPayload).metadata()).toMatchObject({
      format: 'webp',
      width: 1600,
      height: 800,
    });

    for (const format of ['png', 'webp'] as const) {
      expect((await upload(p.id, { data: await imageBytes(format), filename: `x.${format}` })).status).toBe(
        201,
      );
    }
    const detail = (await t.http.get(`${API}/products/${p.id}`)).body;
    expect(detail.images.map((i: { position: number }) => i.position)).toEqual([0, 1, 2]);
    expect(detail.thumbnailUrl).toBe(res.body.thumbUrl);
    const listed = (await t.http.get(`${API}/products`, { query: { q: 'photo journal' } })).body.data[0];
    expect(listed.thumbnailUrl).toBe(res.body.thumbUrl);
  });

  it('refuses non-images and unsupported formats with 400, storing nothing', async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Plain Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const text = await upload(p.id, {
      data: Buffer.from('definitely not a picture'),
      filename: 'cat.png',
      contentType: 'image/png',
    });
    expect(text.status).toBe(400);
    expect(text.body.code).toBe('INVALID_IMAGE');
    const gif = await upload(p.id, {
      data: await imageBytes('gif'),
      filename: 'a.gif',
      contentType: 'image/gif',
    });
    expect(gif.status).toBe(400);
    expect(gif.body.code).toBe('UNSUPPORTED_IMAGE_TYPE');
    const truncated = (await imageBytes('png', 300, 300)).subarray(0, 60);
    expect((await upload(p.id, { data: truncated, filename: 'half.png' })).status).toBe(400);
    expect(await storedFiles(p.id)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM product_image WHERE product_id = $1`, [p.id])).toHaveLength(0);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413, storing nothing', async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Big Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const noise = await sharp(
      Buffer.alloc(200 * 200 * 3).map(() => Math.floor(Math.random() * 256)),
      {
        raw: { width: 200, height: 200, channels: 3 },
      },
    )
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_BYTES);
    const res = await upload(p.id, { data: noise, filename: 'big.png', contentType: 'image/png' });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    expect(await storedFiles(p.id)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM product_image WHERE product_id = $1`, [p.id])).toHaveLength(0);
  });

  it('requires a multipart body with a file (415/400) and the owner or staff (401/403)', async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Guarded Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const json = await t.http.post(
      `${API}/products/${p.id}/images`,
      { file: 'x' },
      { token: a.seller.token },
    );
    expect(json.status).toBe(415);
    const png = await imageBytes('png');
    expect((await upload(p.id, { data: png }, a.otherSeller.token)).status).toBe(403);
    expect((await upload(p.id, { data: png }, a.customer.token)).status).toBe(403);
    const { body, contentType } = multipart({ data: png });
    const anonymous = await t.http.post(`${API}/products/${p.id}/images`, undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
    expect(anonymous.status).toBe(401);
    expect(await storedFiles(p.id)).toEqual([]);
    expect((await upload(p.id, { data: png }, a.staff.token)).status).toBe(201);
  });

  it("a reorder is the owner's or staff's, lists exactly the product's images, and a refused one changes nothing", async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Sorted Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const other = await createProduct(t, a.seller.token, {
      name: 'Other Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const ids: string[] = [];
    for (const format of ['png', 'jpeg', 'webp'] as const)
      ids.push((await upload(p.id, { data: await imageBytes(format) })).body.id);
    const foreign = (await upload(other.id, { data: await imageBytes('png') })).body.id as string;
    const order = async () =>
      (
        await t.sql<{ id: string }>(`SELECT id FROM product_image WHERE product_id = $1 ORDER BY position`, [
          p.id,
        ])
      ).map((r) => r.id);
    const reorder = (imageIds: unknown, token: string | undefined, extra: object = {}) =>
      t.http.patch(`${API}/products/${p.id}`, { ...extra, imageIds }, { token });

    // Staff may reorder any product; positions are written 0..n-1.
    const [x, y, z] = ids;
    const byStaff = await reorder([z, x, y], a.staff.token);
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.images.map((i: { id: string; position: number }) => [i.id, i.position])).toEqual([
      [z, 0],
      [x, 1],
      [y, 2],
    ]);

    // Not the owner: another seller 403 (the product is public), a customer 403, nobody 401.
    for (const [token, status] of [
      [a.otherSeller.token, 403],
      [a.customer.token, 403],
      [undefined, 401],
    ] as const) {
      const res = await reorder([x, y, z], token);
      expect({ status: res.status, code: typeof res.body.code }).toEqual({ status, code: 'string' });
    }

    // Not exactly the product's images: missing, extra, another product's image, an unknown id.
    for (const imageIds of [
      [x, y],
      [x, y, z, foreign],
      [x, y, foreign],
      [x, y, '00000000-0000-4000-8000-000000000000'],
    ]) {
      const res = await reorder(imageIds, a.seller.token);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'IMAGE_IDS_MISMATCH',
      });
      expect([...res.body.details.imageIds].sort()).toEqual([...ids].sort());
    }
    // Malformed: repeats, not uuids, not an array.
    for (const imageIds of [[x, x, y], [x, y, 'nope'], x, [1, 2, 3]]) {
      const res = await reorder(imageIds, a.seller.token);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    // A refused reorder inside a wider edit leaves the whole edit undone (one transaction).
    const mixed = await reorder([x, y], a.seller.token, { name: 'Renamed Journal' });
    expect(mixed.status).toBe(400);
    expect((await t.http.get(`${API}/products/${p.id}`)).body.name).toBe('Sorted Journal');
    expect(await order()).toEqual([z, x, y]);

    // An unknown product is 404; the owner's own reorder goes through.
    const unknown = await t.http.patch(
      `${API}/products/00000000-0000-4000-8000-000000000000`,
      { imageIds: [x, y, z] },
      { token: a.seller.token },
    );
    expect(unknown.status).toBe(404);
    expect((await reorder([x, y, z], a.seller.token)).status).toBe(200);
    expect(await order()).toEqual([x, y, z]);
    expect(
      (await t.sql<{ id: string }>(`SELECT id FROM product_image WHERE product_id = $1`, [other.id])).map(
        (r) => r.id,
      ),
    ).toEqual([foreign]);
  });

  it('reorders images through PATCH imageIds and deletes them with their files', async () => {
    const p = await createProduct(t, a.seller.token, {
      name: 'Ordered Journal',
      categoryId,
      price: 1000,
      stock: 1,
    });
    const ids: string[] = [];
    for (const format of ['png', 'jpeg', 'webp'] as const)
      ids.push((await upload(p.id, { data: await imageBytes(format) })).body.id);
    const reversed = [...ids].reverse();
    const res = await t.http.patch(
      `${API}/products/${p.id}`,
      { imageIds: reversed },
      { token: a.seller.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.images.map((i: { id: string }) => i.id)).toEqual(reversed);
    const partial = await t.http.patch(
      `${API}/products/${p.id}`,
      { imageIds: reversed.slice(1) },
      { token: a.seller.token },
    );
    expect(partial.status).toBe(400);
    expect(partial.body.code).toBe('IMAGE_IDS_MISMATCH');

    expect(
      (await t.http.delete(`${API}/products/${p.id}/images/${ids[0]}`, { token: a.otherSeller.token }))
        .status,
    ).toBe(403);
    expect(
      (await t.http.delete(`${API}/products/${p.id}/images/${ids[0]}`, { token: a.seller.token })).status,
    ).toBe(204);
    expect(
      (await t.http.delete(`${API}/products/${p.id}/images/${ids[0]}`, { token: a.seller.token })).status,
    ).toBe(404);
    expect(await storedFiles(p.id)).toHaveLength(4);
    expect(
      (await t.http.get(`${API}/products/${p.id}`)).body.images.map((i: { id: string }) => i.id),
    ).toEqual([ids[2], ids[1]]);

    expect((await t.http.delete(`${API}/products/${p.id}`, { token: a.seller.token })).body.outcome).toBe(
      'deleted',
    );
    expect(await storedFiles(p.id)).toEqual([]);
  });
});
