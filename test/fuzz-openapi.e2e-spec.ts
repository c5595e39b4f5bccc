import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { Role } from '../src/accounts/role';
import { ADDRESS } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { describeRequest, FuzzContext, FuzzRequest, OpenApi, requestsFor } from './support/openapi-fuzz';
import { API, createCategory, createProduct, imageBytes, multipart } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Property: no request makes the API answer 5xx. Requests are generated from the served OpenAPI
 * document over every operation (see support/openapi-fuzz.ts), as anonymous callers, customers,
 * sellers, staff, admins and holders of broken tokens, against a database holding real
 * categories, products, variants, images, carts, orders and payments to reach past the 404s.
 * 429 (rate limits) and every other 4xx are fine.
 *
 * Fixed seed and count, so `npm test` runs the same requests every time. To explore further:
 *   FUZZ_SEED=123 FUZZ_RUNS=20000 npx jest test/fuzz-openapi
 * A failure prints the seed, the request's index and a curl line for each 5xx (or 4xx that is not
 * in the API's error shape).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_801);
/** FUZZ_CONCURRENCY=n sends n requests at a time (races; the order of effects is then not fixed). */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 1);
/** FUZZ_LOG=<file>: one line per request (status, operation, caller, URL), to see what a seed covers. */
const LOG = process.env.FUZZ_LOG;
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
/** About 7 ms a request here; room for a loaded machine. */
const TIMEOUT_MS = 30_000 + RUNS * 40;

describe('fuzz: every OpenAPI operation, no 5xx', () => {
  let t: TestApp;
  let ctx: FuzzContext;
  let spec: OpenApi;

  beforeAll(async () => {
    t = await createTestApp('fuzz_openapi');
    const users: Record<string, TestUser> = {
      customer: await createUser(t, Role.Customer),
      seller: await createUser(t, Role.Seller),
      staff: await createUser(t, Role.Staff),
      admin: await createUser(t, Role.Admin),
    };
    const victim = await createUser(t, Role.Customer);
    const jwt = t.app.get(JwtService);
    const forged = new JwtService({ secret: 'another-secret-another-secret-another-secret' });
    const callers: Record<string, string | undefined> = {
      anonymous: undefined,
      ...Object.fromEntries(Object.entries(users).map(([name, u]) => [name, `Bearer ${u.token}`])),
      garbage: 'Bearer not.a.jwt',
      forged: `Bearer ${forged.sign({ sub: users.admin.id, role: Role.Admin, typ: 'access' })}`,
      expired: `Bearer ${jwt.sign({ sub: users.admin.id, role: Role.Admin, typ: 'access' }, { expiresIn: -60 })}`,
      basic: 'Basic YWRtaW46YWRtaW4=',
    };

    const staffToken = users.staff.token;
    const parent = await createCategory(t, staffToken, { name: 'Fuzz Parent' });
    const child = await createCategory(t, staffToken, { name: 'Fuzz Child', parentId: parent.id });
    const simple = await createProduct(t, users.seller.token, {
      name: 'Fuzz Mug',
      categoryId: child.id,
      price: 1500,
      stock: 1000,
      customizationOptions: [
        { name: 'inscription', type: 'text', required: false, maxLength: 30 },
        { name: 'colour', type: 'select', required: false, values: ['red', 'blue'] },
      ],
    });
    const multi = await createProduct(t, users.seller.token, {
      name: 'Fuzz Shirt',
      categoryId: parent.id,
      price: 2500,
      variants: [
        { options: { size: 'S' }, stock: 500 },
        { options: { size: 'L' }, stock: 500, priceOverride: 2700 },
      ],
    });
    const { body: png, contentType } = multipart({ data: await imageBytes('png'), filename: 'a.png' });
    const image = await t.http.post(`${API}/products/${simple.id}/images`, undefined, {
      token: users.seller.token,
      raw: png,
      headers: { 'content-type': contentType },
    });

    const buyer = users.customer;
    const addToCart = (productId: string) =>
      t.http.post(`${API}/cart/items`, { productId, quantity: 1 }, { token: buyer.token });
    await addToCart(simple.id);
    const placed = await t.http.post(
      `${API}/checkout`,
      { shippingAddress: ADDRESS, provider: 'fake' },
      { token: buyer.token },
    );
    const cart = await addToCart(simple.id);
    const guest = await t.http.get(`${API}/cart`);

    const variantIds = [...simple.variants, ...multi.variants].map((v: { id: string }) => v.id);
    ctx = {
      ids: {
        user: [victim.id, users.seller.id],
        seller: [users.seller.id],
        customer: [buyer.id],
        category: [parent.id, child.id],
        categorySlug: [parent.slug, child.slug],
        product: [simple.id, multi.id],
        productSlug: [simple.slug, multi.slug],
        variant: variantIds,
        image: [image.body.id as string],
        cartItem: [(cart.body.items as { id: string }[])[0].id],
        order: [placed.body.order.id as string],
        reference: [placed.body.payment.reference as string],
      },
      callers,
      cartTokens: [guest.headers['x-cart-token'] as string, 'not-a-cart-token'],
      png: await imageBytes('png', 8, 8),
    };
    spec = (await t.http.get('/docs-json')).body as OpenApi;
  });
  afterAll(() => t.close());

  it(
    `answers ${RUNS} generated requests (seed ${SEED}) without a 5xx, every 4xx in the error shape`,
    async () => {
      const requests = fc.sample(requestsFor(spec, ctx), { seed: SEED, numRuns: RUNS });
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const perOperation = new Map<string, number>();
      const check = (
        index: number,
        r: FuzzRequest,
        { status, shaped }: { status: number; shaped: boolean },
      ) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        perOperation.set(r.operation, (perOperation.get(r.operation) ?? 0) + 1);
        if (LOG)
          appendFileSync(
            LOG,
            `${status} ${r.operation} as ${r.caller}: ${r.method} ${r.url.slice(0, 200)}\n`,
          );
        if (status >= 500) failures.push(`#${index} → ${status}: ${describeRequest(r)}`);
        else if (status >= 400 && !shaped)
          failures.push(`#${index} → ${status} without the error shape: ${describeRequest(r)}`);
      };
      for (let i = 0; i < requests.length; i += CONCURRENCY) {
        const batch = requests.slice(i, i + CONCURRENCY);
        const results = await Promise.all(batch.map((r) => send(r)));
        results.forEach((result, j) => check(i + j, batch[j], result));
      }
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      if (failures.length) {
        throw new Error(
          `${failures.length} of ${RUNS} requests answered 5xx or a 4xx without the error shape (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}; ` +
            `statuses ${summary.join(' ')}):\n${failures.join('\n')}`,
        );
      }
      // Every operation was exercised, and enough requests got past validation and authorization.
      const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
      expect(perOperation.size).toBe(operations);
      expect(Math.min(...perOperation.values())).toBeGreaterThan(RUNS / operations / 3);
      expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
    },
    TIMEOUT_MS,
  );

  /** Sends the request; `shaped`: the body is the API's error shape for this status. */
  async function send(r: FuzzRequest): Promise<{ status: number; shaped: boolean }> {
    const res = await t.app.inject({
      method: r.method as 'GET',
      url: r.url,
      headers: r.headers,
      payload: r.payload,
    });
    let body: { statusCode?: unknown; code?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      // not JSON: not the error shape
    }
    const shaped =
      body.statusCode === res.statusCode && typeof body.code === 'string' && typeof body.message === 'string';
    // HEAD has no body; a CORS preflight (OPTIONS) is answered by @fastify/cors before routing.
    return { status: res.statusCode, shaped: shaped || r.method === 'HEAD' || r.method === 'OPTIONS' };
  }
});
