import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createTestApp, TestApp } from './support/test-app';

/** Accounts: the caller's own profile (GET/PATCH /me) and avatar upload. */

function multipart(data: Buffer, filename = 'avatar.png', contentType = 'image/png') {
  const boundary = `----bazaar${randomUUID()}`;
  const raw = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const solidPng = (size = 32) =>
  sharp({ create: { width: size, height: size, channels: 3, background: '#cc3366' } })
    .png()
    .toBuffer();

/** Random pixels compress badly: a PNG of a predictable, larger size. */
const noisyPng = (size: number) =>
  sharp(Buffer.from(Array.from({ length: size * size * 3 }, () => Math.floor(Math.random() * 256))), {
    raw: { width: size, height: size, channels: 3 },
  })
    .png()
    .toBuffer();

const mediaFiles = (t: TestApp, userId: string): string[] => {
  const dir = join(t.config.dataDir, 'media', 'avatars', userId);
  return existsSync(dir) ? readdirSync(dir) : [];
};

const password = 'correct-horse-42';

async function registered(t: TestApp, name = 'Grace Hopper') {
  const email = `me-${randomUUID().slice(0, 8)}@example.test`;
  const res = await t.http.post('/api/v1/auth/register', { email, password, name });
  expect(res.status).toBe(201);
  return {
    id: res.body.user.id as string,
    email,
    token: res.body.accessToken as string,
    refreshToken: res.body.refreshToken as string,
  };
}

describe('accounts: /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('accounts_me');
  });
  afterAll(() => t.close());

  it('GET /me needs a token and shows the profile with its joined date', async () => {
    expect((await t.http.get('/api/v1/me')).status).toBe(401);
    const u = await registered(t);
    const me = await t.http.get('/api/v1/me', { token: u.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: u.id,
      email: u.email,
      name: 'Grace Hopper',
      slug: expect.stringMatching(/^grace-hopper/),
      role: 'customer',
      avatarUrl: null,
      active: true,
      createdAt: expect.any(String),
    });
    expect(Date.now() - new Date(me.body.createdAt).getTime()).toBeLessThan(60_000);
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
  });

  it('PATCH /me changes the name and the slug follows', async () => {
    const u = await registered(t, 'Old Name');
    const res = await t.http.patch('/api/v1/me', { name: '  Brand New Name ' }, { token: u.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Brand New Name', slug: 'brand-new-name' });
  });

  it('PATCH /me refuses role changes and unknown fields', async () => {
    const u = await registered(t);
    const res = await t.http.patch('/api/v1/me', { role: 'admin' }, { token: u.token });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('role');
  });

  it('changing the email needs the current password; a taken email (any case) is 409', async () => {
    const u = await registered(t);
    const other = await registered(t);
    const newEmail = `new-${randomUUID().slice(0, 8)}@example.test`;

    const missing = await t.http.patch('/api/v1/me', { email: newEmail }, { token: u.token });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fields.map((f: { field: string }) => f.field)).toContain('currentPassword');

    const wrong = await t.http.patch(
      '/api/v1/me',
      { email: newEmail, currentPassword: 'not-it-123' },
      { token: u.token },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('INVALID_CURRENT_PASSWORD');

    const taken = await t.http.patch(
      '/api/v1/me',
      { email: other.email.toUpperCase(), currentPassword: password },
      { token: u.token },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('EMAIL_TAKEN');

    const ok = await t.http.patch(
      '/api/v1/me',
      { email: newEmail.toUpperCase(), currentPassword: password },
      { token: u.token },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.email).toBe(newEmail);
    expect((await t.http.post('/api/v1/auth/login', { email: newEmail, password })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login', { email: u.email, password })).status).toBe(401);
  });

  it('changing the password needs the current one, applies the rules, and ends the other sessions', async () => {
    const u = await registered(t);
    const weak = await t.http.patch(
      '/api/v1/me',
      { password: 'short', currentPassword: password },
      { token: u.token },
    );
    expect(weak.status).toBe(400);
    expect(weak.body.details.fields.map((f: { field: string }) => f.field)).toContain('password');

    const res = await t.http.patch(
      '/api/v1/me',
      { password: 'another-secret-7', currentPassword: password },
      { token: u.token },
    );
    expect(res.status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login', { email: u.email, password })).status).toBe(401);
    expect(
      (await t.http.post('/api/v1/auth/login', { email: u.email, password: 'another-secret-7' })).status,
    ).toBe(200);
    const refresh = await t.http.post('/api/v1/auth/refresh', { refreshToken: u.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('guessing the current password counts against the per-account login limit', async () => {
    const u = await registered(t);
    for (let i = 0; i < 5; i++) {
      const res = await t.http.patch(
        '/api/v1/me',
        { password: 'x-new-pass-1', currentPassword: `guess-${i}` },
        { token: u.token },
      );
      expect(res.status).toBe(403);
    }
    const blocked = await t.http.patch(
      '/api/v1/me',
      { password: 'x-new-pass-1', currentPassword: password },
      { token: u.token },
    );
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await t.http.post('/api/v1/auth/login', { email: u.email, password })).status).toBe(429);
  });

  describe('POST /me/avatar', () => {
    it('stores a 256x256 WebP under avatars/<userId>/, serves it, and replaces the previous one', async () => {
      const u = await registered(t);
      const first = await t.http.post('/api/v1/me/avatar', undefined, {
        token: u.token,
        ...multipart(await solidPng(600)),
      });
      expect(first.status).toBe(201);
      expect(first.body.avatarUrl).toMatch(
        new RegExp(`^http://shop\\.test/media/avatars/${u.id}/[0-9a-f-]{36}\\.webp$`),
      );

      const path = new URL(first.body.avatarUrl).pathname;
      const served = await t.app.inject({ method: 'GET', url: path });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      const meta = await sharp(served.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });

      // A JPEG with a misleading name and mimetype: the bytes decide.
      const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer();
      const second = await t.http.post('/api/v1/me/avatar', undefined, {
        token: u.token,
        ...multipart(jpeg, 'photo.bin', 'application/octet-stream'),
      });
      expect(second.status).toBe(201);
      expect(second.body.avatarUrl).not.toBe(first.body.avatarUrl);
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
      expect(mediaFiles(t, u.id)).toHaveLength(1);
      expect((await t.http.get('/api/v1/me', { token: u.token })).body.avatarUrl).toBe(second.body.avatarUrl);
    });

    it.each([
      ['text labelled as PNG', Buffer.from('definitely not an image'), 'image/png'],
      [
        'an SVG',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
        'image/svg+xml',
      ],
      ['a truncated PNG', Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR'), 'image/png'],
    ])('refuses %s with 400 and stores nothing', async (_label, data, type) => {
      const u = await registered(t);
      const res = await t.http.post('/api/v1/me/avatar', undefined, {
        token: u.token,
        ...multipart(data, 'x.png', type),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('UNSUPPORTED_IMAGE');
      expect(mediaFiles(t, u.id)).toHaveLength(0);
    });

    it('refuses a GIF (only JPEG, PNG, WebP)', async () => {
      const u = await registered(t);
      const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer();
      const res = await t.http.post('/api/v1/me/avatar', undefined, {
        token: u.token,
        ...multipart(gif, 'a.gif', 'image/gif'),
      });
      expect(res.status).toBe(400);
    });

    it('needs multipart (415) with a file (400), and a token (401)', async () => {
      const u = await registered(t);
      const json = await t.http.post('/api/v1/me/avatar', { file: 'x' }, { token: u.token });
      expect(json.status).toBe(415);
      const boundary = 'b0undary';
      const empty = await t.http.post('/api/v1/me/avatar', undefined, {
        token: u.token,
        raw: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
        ),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('FILE_REQUIRED');
      expect((await t.http.post('/api/v1/me/avatar', undefined, multipart(await solidPng()))).status).toBe(
        401,
      );
    });
  });

  it('documents /me with bearer auth, the profile schema and the multipart upload', async () => {
    const spec = (await t.http.get('/docs-json')).body;
    const get = spec.paths['/api/v1/me'].get;
    expect(get.security).toEqual([{ bearer: [] }]);
    expect(get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/UserDto');
    expect(get.responses['401']).toBeDefined();
    expect(spec.paths['/api/v1/me'].patch.responses['409']).toBeDefined();
    const upload = spec.paths['/api/v1/me/avatar'].post;
    expect(upload.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({
      format: 'binary',
    });
    expect(upload.responses['413']).toBeDefined();
    expect(Object.keys(spec.components.schemas.UserDto.properties).sort()).toEqual([
      'active',
      'avatarUrl',
      'createdAt',
      'email',
      'id',
      'name',
      'role',
      'slug',
    ]);
  });
});

describe('accounts: avatar size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('accounts_avatar_limit', { UPLOAD_MAX_BYTES: '4096' });
  });
  afterAll(() => t.close());

  it('an upload over UPLOAD_MAX_BYTES is 413 and nothing is stored; a small one still works', async () => {
    const u = await registered(t);
    const big = await noisyPng(64);
    expect(big.length).toBeGreaterThan(4096);
    const res = await t.http.post('/api/v1/me/avatar', undefined, { token: u.token, ...multipart(big) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
    expect(mediaFiles(t, u.id)).toHaveLength(0);
    expect((await t.http.get('/api/v1/me', { token: u.token })).body.avatarUrl).toBeNull();

    const small = await solidPng(16);
    expect(small.length).toBeLessThan(4096);
    expect(
      (await t.http.post('/api/v1/me/avatar', undefined, { token: u.token, ...multipart(small) })).status,
    ).toBe(201);
    expect(mediaFiles(t, u.id)).toHaveLength(1);
  });
});
