import { connect } from 'node:net';
import { Role } from '../src/accounts/role';
import { createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const expectErrorShape = (body: Record<string, unknown>, statusCode: number, code?: string) => {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode,
      error: expect.any(String),
      code: code ?? expect.any(String),
      message: expect.any(String),
    }),
  );
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
};

describe('foundation: health, errors, OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('foundation');
  });
  afterAll(() => t.close());

  it('is live and ready (database up, no pending migrations)', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info.migrations.status).toBe('up');
  });

  it('is not ready while a migration is pending', async () => {
    const [last] = await t.sql<{ id: number; timestamp: string; name: string }>(
      'SELECT id, timestamp, name FROM migration ORDER BY id DESC LIMIT 1',
    );
    await t.sql('DELETE FROM migration WHERE id = $1', [last.id]);
    try {
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expectErrorShape(ready.body, 503);
      expect(JSON.stringify(ready.body.details)).toContain(last.name);
    } finally {
      await t.sql('INSERT INTO migration (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
  });

  it('unknown routes give a 404 JSON error', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await t.http.request(method, '/api/v1/no-such-thing', undefined);
      expect(res.status).toBe(404);
      expectErrorShape(res.body as Record<string, unknown>, 404, 'NOT_FOUND');
    }
  });

  it('malformed JSON to every POST route gives a 400 JSON error', async () => {
    const spec = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const postPaths = Object.entries(spec.paths)
      .filter(([, ops]) => 'post' in ops)
      .map(([path]) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'));
    expect(postPaths.length).toBeGreaterThan(0);
    for (const path of postPaths) {
      const res = await t.http.post(path, undefined, { raw: '{"a":' });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expectErrorShape(res.body, 400);
    }
  });

  it('a JSON body nested thousands of levels deep is a 400, not a stack overflow (500)', async () => {
    const admin = await createUser(t, Role.Admin);
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const [path, raw] of [
      ['/api/v1/cart/items', deep(5000)],
      ['/api/v1/categories', `{"name":${deep(5000)}}`],
      ['/api/v1/auth/login', `{"email":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
    ]) {
      const res = await t.http.post(path, undefined, { raw, token: admin.token });
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 400,
        code: 'NESTING_TOO_DEEP',
      });
      expectErrorShape(res.body, 400, 'NESTING_TOO_DEEP');
    }
  });

  it('never answers 5xx to garbage: NUL bytes, bad ids, odd query values and bodies on every route', async () => {
    const admin = await createUser(t, Role.Admin);
    const spec = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const pathValues = ['%00', 'x', '00000000-0000-4000-8000-000000000000', 'a'.repeat(2000)];
    const queryValues = ['\u0000', 'x', '-1', '1e309', '99999999999999999999', '[]', '2026-13-45'];
    const bodies: unknown[] = [
      {},
      [],
      { name: 'a\u0000b', email: 'a\u0000@example.com', password: 'pass\u0000word-12' },
      { quantity: 2 ** 60, productId: 'x' },
      { customizations: { inscription: 'x\u0000' }, shippingAddress: { firstName: '\u0000' } },
    ];
    const failures: string[] = [];
    let sent = 0;
    for (const [template, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        for (const [i, value] of pathValues.entries()) {
          const url = template.replace(/\{[^}]+\}/g, value);
          const query = Object.fromEntries(
            names.map((n, j) => [n, queryValues[(i + j) % queryValues.length]]),
          );
          for (const body of method === 'get' || method === 'delete' ? [undefined] : bodies) {
            for (const token of [admin.token, undefined]) {
              sent++;
              const res = await t.http.request(method.toUpperCase(), url, body, { token, query });
              if (res.status >= 500)
                failures.push(`${method} ${url.slice(0, 60)} ${JSON.stringify(body)} -> ${res.status}`);
              else if (res.status >= 400) expectErrorShape(res.body as Record<string, unknown>, res.status);
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    // A NUL in a path parameter or in a text field is a 400 naming the problem.
    const nul = await t.http.get('/api/v1/products/%00');
    expect(nul.status).toBe(400);
    expectErrorShape(nul.body, 400, 'INVALID_TEXT');
  });

  it('rejects unknown body fields and names the bad field', async () => {
    const unknown = await t.http.post('/api/v1/auth/login', {
      email: 'a@b.co',
      password: 'whatever-123',
      admin: true,
    });
    expect(unknown.status).toBe(400);
    expectErrorShape(unknown.body, 400, 'VALIDATION_FAILED');
    expect(unknown.body.message).toMatch(/admin/);
    const invalid = await t.http.post('/api/v1/auth/register', {
      email: 'not-an-email',
      password: 'long-enough-pass-1',
      name: 'A',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.fields.map((f: { field: string }) => f.field)).toContain('email');
  });

  it('refuses wrong content types and oversized bodies with JSON errors', async () => {
    const text = await t.http.post('/api/v1/auth/login', undefined, {
      raw: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expectErrorShape(text.body, 415);
    const big = await t.http.post('/api/v1/auth/login', undefined, {
      raw: JSON.stringify({ email: 'x'.repeat(2_000_000) }),
    });
    expect(big.status).toBe(413);
    expectErrorShape(big.body, 413);
  });

  it('echoes the caller request id, or makes one', async () => {
    const own = await t.http.get('/health/live', { headers: { 'x-request-id': 'abc-123' } });
    expect(own.headers['x-request-id']).toBe('abc-123');
    const made = await t.http.get('/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves OpenAPI 3 with bearer auth and the error schema', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(res.body.components.schemas.ErrorResponseDto.properties).toHaveProperty('code');
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('documents auth on every route: bearer routes list 401, and every error response uses the error schema', async () => {
    type Op = {
      security?: unknown[];
      responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    };
    const spec = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, Op>> };
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.security?.length && !op.responses['401'])
          problems.push(`${method} ${path}: bearer without 401`);
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const ref = response.content?.['application/json']?.schema?.$ref;
          if (ref !== '#/components/schemas/ErrorResponseDto')
            problems.push(`${method} ${path} ${status}: ${ref}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sets security headers', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('answers a request the HTTP parser rejects (newline in a header) with the JSON error shape', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET /api/v1/cart HTTP/1.1\r\nHost: x\r\nX-Cart-Token: a\rb\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(head).toMatch(/content-type: application\/json/i);
    expectErrorShape(JSON.parse(body), 400, 'MALFORMED_REQUEST');
  });
});
