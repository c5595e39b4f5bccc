import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Role } from '../src/accounts/role';
import { createUser, TestUser } from './support/factories';
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

/**
 * Malformed multipart bodies on every upload route (POST /me/avatar, POST /products/:id/images)
 * are the client's error: 400 MALFORMED_MULTIPART in the API's error shape, nothing stored.
 */
const FILE_HEAD =
  'Content-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n';
const MALFORMED: [string, string, string][] = [
  ['no boundary in the Content-Type', 'multipart/form-data', `--abc\r\n${FILE_HEAD}xxxx\r\n--abc--\r\n`],
  ['an empty boundary', 'multipart/form-data; boundary=', `--abc\r\n${FILE_HEAD}xxxx\r\n--abc--\r\n`],
  [
    'a file part cut off before its closing boundary',
    'multipart/form-data; boundary=abc',
    `--abc\r\n${FILE_HEAD}\x89PNG\r\n\x1a\n`,
  ],
  [
    'a part header cut off',
    'multipart/form-data; boundary=abc',
    '--abc\r\nContent-Disposition: form-data; name="file"; filen',
  ],
  [
    'a text field cut off before the file',
    'multipart/form-data; boundary=abc',
    '--abc\r\nContent-Disposition: form-data; name="alt"\r\n\r\nBlue',
  ],
];

describe('uploads: malformed multipart bodies', () => {
  let t: TestApp;
  let a: Actors;
  let customer: TestUser;
  let productId: string;
  beforeAll(async () => {
    t = await createTestApp('uploads_malformed');
    a = await createActors(t);
    customer = await createUser(t, Role.Customer);
    const categoryId = (await createCategory(t, a.staff.token, { name: 'Prints' })).id;
    productId = (await createProduct(t, a.seller.token, { name: 'Print', categoryId, price: 900, stock: 3 }))
      .id;
  });
  afterAll(() => t.close());

  const routes = () => [
    { name: 'POST /me/avatar', url: `${API}/me/avatar`, token: customer.token },
    { name: 'POST /products/:id/images', url: `${API}/products/${productId}/images`, token: a.seller.token },
  ];
  const storedFiles = (dir: string) =>
    readdir(join(t.config.dataDir, 'media', dir)).then(
      (files) => files,
      () => [],
    );

  it.each(MALFORMED)(
    '%s: 400 MALFORMED_MULTIPART on every upload route, nothing stored',
    async (_what, type, body) => {
      for (const route of routes()) {
        const res = await t.http.post(route.url, undefined, {
          token: route.token,
          raw: Buffer.from(body, 'latin1'),
          headers: { 'content-type': type },
        });
        expect([route.name, res.status, res.body]).toEqual([
          route.name,
          400,
          {
            statusCode: 400,
            error: 'Bad Request',
            code: 'MALFORMED_MULTIPART',
            message: expect.stringMatching(/^The multipart\/form-data body is malformed: .+/),
          },
        ]);
      }
      expect(await storedFiles(`products/${productId}`)).toEqual([]);
      expect(await storedFiles(`avatars/${customer.id}`)).toEqual([]);
      expect(await t.sql(`SELECT 1 FROM product_image WHERE product_id = $1`, [productId])).toHaveLength(0);
      expect(
        (
          await t.sql<{ avatar_key: string | null }>(`SELECT avatar_key FROM "user" WHERE id = $1`, [
            customer.id,
          ])
        )[0].avatar_key,
      ).toBeNull();
    },
  );

  it('an empty file is 400 FILE_EMPTY on every upload route (the avatar answered 500: sharp throws on an empty buffer)', async () => {
    const { body, contentType } = multipart({
      data: Buffer.alloc(0),
      filename: 'a.png',
      contentType: 'image/png',
    });
    for (const route of routes()) {
      const res = await t.http.post(route.url, undefined, {
        token: route.token,
        raw: body,
        headers: { 'content-type': contentType },
      });
      expect([route.name, res.status, res.body.code]).toEqual([route.name, 400, 'FILE_EMPTY']);
    }
    expect(await storedFiles(`avatars/${customer.id}`)).toEqual([]);
    expect(await storedFiles(`products/${productId}`)).toEqual([]);
  });

  it('answers a truncated upload sent over a real socket with the error shape, and a good upload still works', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    const body = Buffer.from(`--abc\r\n${FILE_HEAD}\x89PNG\r\n`, 'latin1');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          Buffer.concat([
            Buffer.from(
              `POST ${API}/me/avatar HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${customer.token}\r\n` +
                `Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
            ),
            body,
          ]),
        ),
      );
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, json] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(JSON.parse(json)).toMatchObject({ statusCode: 400, code: 'MALFORMED_MULTIPART' });

    const { body: good, contentType } = multipart({ data: await imageBytes('png'), filename: 'ok.png' });
    const ok = await t.http.post(`${API}/me/avatar`, undefined, {
      token: customer.token,
      raw: good,
      headers: { 'content-type': contentType },
    });
    expect(ok.status).toBe(201);
  });

  it('documents MALFORMED_MULTIPART on both upload routes', async () => {
    const spec = (await t.http.get('/docs-json')).body;
    for (const path of ['/api/v1/me/avatar', '/api/v1/products/{id}/images'])
      expect(spec.paths[path].post.responses['400'].description).toContain('MALFORMED_MULTIPART');
  });
});
