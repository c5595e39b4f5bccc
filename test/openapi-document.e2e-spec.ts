import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiProblems } from '../src/openapi-conventions';
import { createTestApp, TestApp } from './support/test-app';

/** The committed copy the SDK is generated from. `npm run openapi:export` rewrites it. */
export const SDK_OPENAPI = join(__dirname, '..', 'sdk', 'openapi.json');
export const serialize = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/**
 * The served OpenAPI document is the single truth storefronts and the SDK build on: it must be
 * valid OpenAPI 3 (swagger-parser: JSON schema of the spec plus its semantic checks, every $ref
 * resolving), describe every operation completely (openApiProblems: success schemas, security,
 * error responses in the shared error shape), and equal sdk/openapi.json.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp('openapi_document');
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    served = res.body as Record<string, unknown>;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(SDK_OPENAPI, serialize(served));
  });
  afterAll(() => t.close());

  it('is valid OpenAPI (swagger-parser validate, strict)', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeDefined();
  });

  it('the validator is strict: a response header without a schema is refused', async () => {
    const broken = structuredClone(served) as { paths: Record<string, Record<string, any>> };
    broken.paths['/api/v1/cart'].get.responses['200'].headers['X-Cart-Token'] = { description: 'no schema' };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/X-Cart-Token|schema/);
  });

  it('describes every operation: success schema, security, 400/401/403/404 and the shared error body', () => {
    expect(openApiProblems(served as never)).toEqual([]);
    const paths = served.paths as Record<string, Record<string, { security?: unknown[]; responses: object }>>;
    // Spot checks of what the conventions derive from the guards' metadata.
    expect(paths['/api/v1/delivery-zones'].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(paths['/api/v1/delivery-zones'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '415']),
    );
    expect(paths['/api/v1/delivery-zones'].get.security).toEqual([{}, { bearer: [] }]);
    expect(paths['/api/v1/auth/login'].post.security).toEqual([]);
    // Every cart answer may hand a guest its X-Cart-Token (the SDK keeps it from any of them).
    const cartOps = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/v1/cart'))
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    expect(cartOps).toHaveLength(5);
    for (const { path, method, op } of cartOps) {
      const ok = (op.responses as Record<string, { headers?: Record<string, { schema?: unknown }> }>)['200'];
      expect({ path, method, header: ok.headers?.['X-Cart-Token']?.schema }).toEqual({
        path,
        method,
        header: { type: 'string' },
      });
    }
  });

  it('refuses a property documented as a shapeless object (what the plugin writes for an enum union)', () => {
    const broken = structuredClone(served) as { components: { schemas: Record<string, any> } };
    broken.components.schemas.ModerateCommentDto.properties.status = { type: 'object' };
    expect(openApiProblems(broken as never)).toEqual([
      'ModerateCommentDto.status: a shapeless object (give it an enum, a type or a schema)',
    ]);
  });

  it('equals sdk/openapi.json (regenerate with `npm run openapi:export`)', () => {
    const committed = readFileSync(SDK_OPENAPI, 'utf8');
    if (committed !== serialize(served)) {
      throw new Error(
        'sdk/openapi.json differs from the document the app serves: run `npm run openapi:export` and commit it',
      );
    }
  });
});
