import { createTestApp, TestApp } from './support/test-app';

type Op = {
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

/** Every reviews, comments and wishlist route is documented with its schemas and error answers. */
describe('reviews: OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('reviews_openapi');
  });
  afterAll(() => t.close());

  const ROUTES: [string, string, number[]][] = [
    ['get', '/api/v1/products/{idOrSlug}/reviews', [400, 401, 404]],
    ['post', '/api/v1/products/{id}/reviews', [400, 401, 403, 404, 409, 429]],
    ['get', '/api/v1/reviews', [400, 401, 403]],
    ['patch', '/api/v1/reviews/{id}', [400, 401, 403, 404]],
    ['delete', '/api/v1/reviews/{id}', [401, 403, 404]],
    ['patch', '/api/v1/reviews/{id}/visibility', [400, 401, 403, 404]],
    ['post', '/api/v1/reviews/{id}/helpful', [401, 403, 404, 429]],
    ['post', '/api/v1/reviews/{id}/reply', [400, 401, 403, 404]],
    ['get', '/api/v1/products/{idOrSlug}/comments', [400, 401, 404]],
    ['post', '/api/v1/products/{id}/comments', [400, 401, 404, 409, 429]],
    ['get', '/api/v1/comments', [400, 401, 403]],
    ['patch', '/api/v1/comments/{id}', [400, 401, 403, 404]],
    ['post', '/api/v1/comments/moderate', [400, 401, 403, 404]],
    ['get', '/api/v1/me/wishlist', [400, 401]],
    ['post', '/api/v1/me/wishlist', [400, 401, 404]],
    ['delete', '/api/v1/me/wishlist/{productId}', [400, 401]],
  ];

  it.each(ROUTES)('%s %s: success schema, request body schema and errors', async (method, path, errors) => {
    const spec = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const op = spec.paths[path]?.[method];
    expect(op).toBeDefined();
    for (const status of errors) expect(op.responses[String(status)]).toBeDefined();
    const success = Object.entries(op.responses).filter(([s]) => Number(s) < 300);
    expect(success.length).toBeGreaterThan(0);
    for (const [status, response] of success) {
      if (status === '204') continue;
      const ref = response.content?.['application/json']?.schema?.$ref;
      expect(ref).toMatch(/^#\/components\/schemas\//);
      const schema = spec.components.schemas[ref!.split('/').pop()!];
      expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
    }
    if (['post', 'patch'].includes(method) && !path.endsWith('/helpful'))
      expect(op.requestBody?.content?.['application/json']?.schema).toBeDefined();
  });
});
