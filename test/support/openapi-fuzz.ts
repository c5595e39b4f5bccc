/**
 * fast-check generators of HTTP requests from the served OpenAPI document (/docs-json): every
 * operation, with path parameters (real ids of the file's data, random UUIDs, non-UUIDs, huge
 * numbers, broken percent-encoding), query strings (declared and unknown keys, repeated keys,
 * junk values), bodies (built from the operation's schema, then mutated or replaced by junk),
 * wrong content types and random multipart bodies, sent as one of several callers.
 * Used by test/fuzz-openapi.e2e-spec.ts.
 */
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One request, ready for `app.inject`; `caller` names the credentials used (for the failure report). */
export interface FuzzRequest {
  operation: string;
  caller: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** What the generators draw from besides randomness: the file's real data and callers. */
export interface FuzzContext {
  /** Real values per kind of path parameter or id field (product, variant, order, …). */
  ids: Record<string, string[]>;
  /** Authorization header values by caller name; `anonymous` sends none. */
  callers: Record<string, string | undefined>;
  /** Guest cart tokens (valid ones and junk). */
  cartTokens: string[];
  /** A small valid PNG, so some uploads reach the image decoder. */
  png: Buffer;
}

const JUNK_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '-1',
  '1.5',
  '0x1f',
  '99999999999999999999',
  '-99999999999999999999',
  '9007199254740993',
  '[]',
  '{}',
  'true',
  '__proto__',
  'constructor',
  '%',
  '\\',
  "'",
  '"',
  "' OR 1=1 --",
  '😀',
  '\ud800',
  'a\udfffb',
  '\u2028\u2029',
  '\\u0000',
  'ä\u202e',
  '2026-13-45',
  '00000000-0000-0000-0000-000000000000',
  'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D',
  'x'.repeat(300),
  'y'.repeat(20_000),
];

/** encodeURIComponent, for strings with lone surrogates too (no client could send those in a URL). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** `arb` in `percent`% of the draws, else `nil`. */
function sometimes<T, N>(arb: fc.Arbitrary<T>, percent: number, nil: N): fc.Arbitrary<T | N> {
  return fc.oneof(
    { weight: percent, arbitrary: arb },
    { weight: 100 - percent, arbitrary: fc.constant(nil) },
  );
}

export const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...JUNK_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** JSON values that break assumptions: wrong types, huge and fractional numbers, deep nesting. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, -(2 ** 63), [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('['.repeat(64) + ']'.repeat(64)) as unknown),
);

export function resolve(spec: OpenApi, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i += 1) s = spec.components.schemas[s.$ref.split('/').pop()!] ?? {};
  if (s.allOf?.length) return s.allOf.reduce<Schema>((acc, part) => ({ ...acc, ...resolve(spec, part) }), {});
  if (s.oneOf?.length) return resolve(spec, s.oneOf[0]);
  if (s.anyOf?.length) return resolve(spec, s.anyOf[0]);
  return s;
}

/** Which pool of real ids an id-looking name draws from. */
function idKind(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n === 'imageids') return 'image';
  for (const kind of [
    'variant',
    'image',
    'category',
    'seller',
    'customer',
    'product',
    'parent',
    'order',
    'user',
  ]) {
    if (n.startsWith(kind) || n === `${kind}id`) return kind === 'parent' ? 'category' : kind;
  }
  return undefined;
}

/** A value that fits `schema` (mostly: within its bounds, real ids where the name says which). */
export function valueFor(
  spec: OpenApi,
  ctx: FuzzContext,
  raw: Schema,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(spec, raw);
  const kind = idKind(name);
  const pool = kind ? ctx.ids[kind] : undefined;
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const nullable = (a: fc.Arbitrary<unknown>) =>
    schema.nullable ? fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) }) : a;
  const example = schema.example !== undefined ? [fc.constant(schema.example)] : [];
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid' || pool?.length) {
        const real = pool?.length
          ? [fc.constantFrom(...pool)]
          : [fc.constantFrom(...Object.values(ctx.ids).flat())];
        return nullable(
          fc.oneof({ weight: 4, arbitrary: fc.oneof(...real) }, { weight: 1, arbitrary: fc.uuid() }),
        );
      }
      if (schema.format === 'email') return nullable(fc.oneof(fc.emailAddress(), ...example));
      if (schema.format === 'date-time' || schema.format === 'date')
        return nullable(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (name === 'provider') return fc.constantFrom('fake', 'stripe', 'paystack');
      if (name === 'country') return fc.constantFrom('NG', 'US', 'de', 'XX');
      const maxLength = Math.min(schema.maxLength ?? 30, 60);
      const minLength = Math.min(schema.minLength ?? 0, maxLength);
      return nullable(fc.oneof(fc.string({ minLength, maxLength }), ...example));
    }
    case 'number':
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, -Number.MAX_SAFE_INTEGER);
      const max = Math.min(schema.maximum ?? Math.max(min, 0) + 1_000_000_000_000, Number.MAX_SAFE_INTEGER);
      return nullable(fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max), ...example));
    }
    case 'boolean':
      return nullable(fc.boolean());
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const items = valueFor(spec, ctx, schema.items ?? {}, name, depth + 1);
      return nullable(fc.array(items, { maxLength: Math.min(schema.maxItems ?? 4, 4) }));
    }
    default: {
      if (schema.properties && depth <= 3) {
        const model = Object.fromEntries(
          Object.entries(schema.properties).map(([key, s]) => [key, valueFor(spec, ctx, s, key, depth + 1)]),
        );
        return nullable(fc.record(model, { requiredKeys: schema.required ?? [] }));
      }
      if (schema.type === 'object' || schema.additionalProperties)
        return nullable(
          fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        );
      return junkValue;
    }
  }
}

/** A body built from the schema, then often made wrong in one place (or replaced by junk). */
function bodyFor(spec: OpenApi, ctx: FuzzContext, schema: Schema): fc.Arbitrary<unknown> {
  const valid = valueFor(spec, ctx, schema);
  const props = Object.keys(resolve(spec, schema).properties ?? {});
  const mutated = fc
    .tuple(
      valid,
      fc.constantFrom('replace', 'delete', 'extra', 'wrap'),
      fc.constantFrom(...props, 'x'),
      junkValue,
    )
    .map(([body, how, key, junk]) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return junk;
      const copy = { ...(body as Record<string, unknown>) };
      if (how === 'replace') copy[key] = junk;
      else if (how === 'delete') delete copy[key];
      else if (how === 'extra') copy[`unknown_${key}`] = junk;
      else return [copy];
      return copy;
    });
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: junkValue },
  );
}

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer;
}

/** A multipart/form-data body: random parts, sometimes truncated or without its closing boundary. */
function multipartFor(ctx: FuzzContext): fc.Arbitrary<{ contentType: string; payload: Buffer }> {
  const part: fc.Arbitrary<Part> = fc.record({
    name: fc.oneof(fc.constantFrom('file', 'alt', 'note'), fc.string({ maxLength: 10 })),
    filename: fc.option(
      fc.oneof(fc.constantFrom('a.png', 'x.jpg', '../../etc/passwd', ''), fc.string({ maxLength: 20 })),
      {
        nil: undefined,
      },
    ),
    type: fc.option(
      fc.constantFrom('image/png', 'image/jpeg', 'text/plain', 'application/octet-stream', 'x/y'),
      {
        nil: undefined,
      },
    ),
    data: fc.oneof(
      fc.constant(ctx.png),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc.string({ maxLength: 30 }).map((s) => Buffer.from(s)),
      fc.constant(ctx.png.subarray(0, 40)),
    ),
  });
  return fc
    .record({
      boundary: fc.oneof(fc.constant('fuzzboundary'), fc.stringMatching(/^[A-Za-z0-9'()+_,-]{1,30}$/)),
      parts: fc.array(part, { maxLength: 4 }),
      header: fc.constantFrom('boundary', 'none', 'empty', 'quoted'),
      cut: fc.oneof(
        { weight: 3, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      ),
      close: fc.boolean(),
    })
    .map(({ boundary, parts, header, cut, close }) => {
      const chunks: Buffer[] = [];
      for (const p of parts) {
        const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
        chunks.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
          ),
          p.data,
          Buffer.from('\r\n'),
        );
      }
      if (close || !parts.length) chunks.push(Buffer.from(`--${boundary}--\r\n`));
      const full = Buffer.concat(chunks);
      const params = {
        boundary: `; boundary=${boundary}`,
        none: '',
        empty: '; boundary=',
        quoted: `; boundary="${boundary}"`,
      };
      return {
        contentType: `multipart/form-data${params[header as keyof typeof params]}`,
        payload: full.subarray(0, Math.floor(full.length * cut)),
      };
    });
}

/** Path parameters: real ids of the right kind, any real id, random UUIDs, and non-UUIDs. */
function pathValue(ctx: FuzzContext, path: string, name: string): fc.Arbitrary<string> {
  const segment =
    path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .pop() ?? '';
  const kinds: Record<string, string> = {
    users: 'user',
    categories: 'category',
    products: 'product',
    variants: 'variant',
    images: 'image',
    items: 'cartItem',
    orders: 'order',
    cancel: 'order',
    ship: 'order',
    deliver: 'order',
    refund: 'order',
    fake: 'reference',
    payments: 'reference',
    succeed: 'reference',
    fail: 'reference',
  };
  const kind =
    name === 'variantId'
      ? 'variant'
      : name === 'imageId'
        ? 'image'
        : name === 'reference'
          ? 'reference'
          : kinds[segment];
  const idOrSlug = name === 'idOrSlug' ? (ctx.ids[`${kind}Slug`] ?? []) : [];
  const own = [...(kind ? (ctx.ids[kind] ?? []) : []), ...idOrSlug];
  const raw = fc.oneof(
    { weight: 4, arbitrary: own.length ? fc.constantFrom(...own) : fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(ctx.ids).flat()) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: junkString.filter((s) => s.length > 0) },
  );
  return fc.oneof(
    { weight: 9, arbitrary: raw.map((v) => encode(v)) },
    // Percent-encoding that does not decode (bad escapes, invalid UTF-8) and dot segments.
    {
      weight: 1,
      arbitrary: fc.constantFrom('%zz', '%E0%A4%A', '%C0%AF', '..', '%2e%2e', '%00', 'a%2Fb', '%ff'),
    },
  );
}

function queryFor(spec: OpenApi, ctx: FuzzContext, params: Parameter[]): fc.Arbitrary<string> {
  const declared = params.filter((p) => p.in === 'query');
  const value = (p: Parameter) =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: valueFor(spec, ctx, p.schema ?? {}, p.name).map((v) =>
          typeof v === 'string' ? v : JSON.stringify(v),
        ),
      },
      { weight: 2, arbitrary: junkString },
    );
  // Mostly one value; sometimes the key twice (?sort=a&sort=b arrives as an array).
  const entries = declared.map((p) =>
    fc.option(
      fc
        .tuple(value(p), sometimes(value(p), 15, undefined))
        .map(([v, again]) =>
          [v, ...(again === undefined ? [] : [again])].map((x) => `${encode(p.name)}=${encode(x)}`),
        ),
      { nil: [], freq: 2 },
    ),
  );
  const unknown = sometimes(
    fc
      .tuple(fc.constantFrom('x', '__proto__', 'page[]', 'a.b', ''), junkString)
      .map(([k, v]) => [`${encode(k)}=${encode(v)}`]),
    10,
    [],
  );
  return fc.tuple(fc.tuple(...entries), unknown).map(([e, u]) => {
    const all = [...e.flat(), ...u];
    return all.length ? `?${all.join('&')}` : '';
  });
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const OTHER_TYPES = [
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/xml',
  'foo',
  'multipart/form-data',
];

/** Body, content type and payload for an operation; JSON routes get the odd multipart too and vice versa. */
function payloadFor(
  spec: OpenApi,
  ctx: FuzzContext,
  method: string,
  op: Operation,
): fc.Arbitrary<{ contentType?: string; payload?: string | Buffer }> {
  const content = op.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const multipart = multipartFor(ctx);
  const rawJson = fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    'nul',
    '"x"',
    '1e400',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    '\ufeff{}',
    '['.repeat(5000) + ']'.repeat(5000),
  );
  const asJson = (body: fc.Arbitrary<unknown>) =>
    fc
      .tuple(fc.constantFrom(...JSON_TYPES), body)
      .map(([contentType, b]) => ({ contentType, payload: JSON.stringify(b) ?? 'null' }));
  const options: fc.WeightedArbitrary<{ contentType?: string; payload?: string | Buffer }>[] = [
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...JSON_TYPES), rawJson)
        .map(([contentType, payload]) => ({ contentType, payload })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...OTHER_TYPES), junkString)
        .map(([contentType, payload]) => ({ contentType, payload })),
    },
    { weight: 1, arbitrary: multipart },
    { weight: 1, arbitrary: fc.constant({}) },
  ];
  if (json) options.push({ weight: 12, arbitrary: asJson(bodyFor(spec, ctx, json)) });
  else if (content['multipart/form-data']) options.push({ weight: 12, arbitrary: multipart });
  else if (method === 'get' || method === 'delete') options.push({ weight: 16, arbitrary: fc.constant({}) });
  else options.push({ weight: 8, arbitrary: fc.constant({}) }, { weight: 4, arbitrary: asJson(junkValue) });
  return fc.oneof(...options);
}

/** Callers whose credentials are refused (401 on every route, public ones included). */
export const BROKEN = new Set(['garbage', 'forged', 'expired', 'basic']);

/** Requests over every operation of the document, uniformly by operation. */
export function requestsFor(spec: OpenApi, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );
  const perOperation = operations.map(({ path, method, op }) => {
    const params = op.parameters ?? [];
    const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    return fc
      .record({
        segments: fc.tuple(...pathNames.map((n) => pathValue(ctx, path, n))),
        query: queryFor(spec, ctx, params),
        body: payloadFor(spec, ctx, method, op),
        // Mostly real callers; broken credentials (401 everywhere) now and then.
        caller: fc.oneof(
          {
            weight: 6,
            arbitrary: fc.constantFrom(...Object.keys(ctx.callers).filter((c) => !BROKEN.has(c))),
          },
          { weight: 1, arbitrary: fc.constantFrom(...Object.keys(ctx.callers).filter((c) => BROKEN.has(c))) },
        ),
        cartToken: sometimes(fc.oneof(fc.constantFrom(...ctx.cartTokens), junkString), 50, undefined),
        idempotencyKey: sometimes(junkString, 25, undefined),
        otherMethod: sometimes(
          fc.constantFrom('PUT', 'PATCH', 'DELETE', 'GET', 'POST', 'OPTIONS', 'HEAD'),
          4,
          undefined,
        ),
      })
      .map(({ segments, query, body, caller, cartToken, idempotencyKey, otherMethod }): FuzzRequest => {
        let i = 0;
        const url = path.replace(/\{\w+\}/g, () => segments[i++]) + query;
        const headers: Record<string, string> = {};
        const auth = ctx.callers[caller];
        if (auth) headers.authorization = auth;
        if (body.contentType) headers['content-type'] = body.contentType;
        // Header values must be valid HTTP header text: junk outside it would never leave a client.
        const headerSafe = (v: string) => v.replace(/[^\t\x20-\x7e]/g, '').slice(0, 8000);
        if (cartToken !== undefined) headers['x-cart-token'] = headerSafe(cartToken);
        if (idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(idempotencyKey);
        return {
          operation: `${method.toUpperCase()} ${path}`,
          caller,
          method: otherMethod ?? method.toUpperCase(),
          url,
          headers,
          payload: body.payload,
        };
      });
  });
  return fc.oneof(...perOperation);
}

/** The request as a curl command line (tokens named, not printed), to reproduce a failure by hand. */
export function describeRequest(r: FuzzRequest): string {
  const headers = Object.entries(r.headers)
    .map(([k, v]) => ` -H '${k}: ${k === 'authorization' ? `<${r.caller} token>` : v}'`)
    .join('');
  const body =
    r.payload === undefined
      ? ''
      : ` --data-binary ${JSON.stringify(
          Buffer.isBuffer(r.payload) ? r.payload.toString('latin1').slice(0, 600) : r.payload.slice(0, 600),
        )}${(r.payload.length ?? 0) > 600 ? ` (${r.payload.length} bytes, cut)` : ''}`;
  return `curl -X ${r.method} 'http://localhost:3000${r.url}'${headers}${body}   # ${r.operation} as ${r.caller}`;
}
