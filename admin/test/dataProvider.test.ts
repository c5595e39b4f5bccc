import { describe, expect, it } from 'vitest';
import {
  createDataProvider,
  exportQuery,
  flattenTree,
  listQuery,
  toListResult,
  writableChanges,
} from '../src/api/dataProvider';
import { Session, toHttpError } from '../src/api/session';
import { refundedUnits, refundPreview } from '../src/resources/orders/refunds';
import { fakeApi, jsonResponse, memoryStorage } from './fake-api';

const page = <T>(data: T[], total: number, extra: object = {}) => ({
  data,
  total,
  page: 1,
  perPage: 20,
  ...extra,
});

describe('listQuery: react-admin params → the REST contract', () => {
  it('maps paging, a descending sort and typed filters', () => {
    const q = listQuery('products', {
      pagination: { page: 3, perPage: 25 },
      sort: { field: 'minPrice', order: 'DESC' },
      filter: { q: ' mug ', inStock: true, minPrice: 1999.6, category: 'bottles', status: 'inactive' },
    });
    expect(Object.fromEntries(q)).toEqual({
      page: '3',
      perPage: '25',
      sort: '-price',
      q: 'mug',
      inStock: 'true',
      minPrice: '2000',
      category: 'bottles',
      status: 'inactive',
    });
  });

  it('writes ascending sorts without a sign and maps field names to API keys', () => {
    expect(listQuery('products', { sort: { field: 'ratingAvg', order: 'ASC' } }).get('sort')).toBe('rating');
    expect(listQuery('orders', { sort: { field: 'total', order: 'ASC' } }).get('sort')).toBe('total');
    expect(listQuery('users', { sort: { field: 'email', order: 'DESC' } }).get('sort')).toBe('-email');
  });

  it('drops sorts and filters the API does not take, empty values and malformed numbers', () => {
    const q = listQuery('products', {
      sort: { field: 'stock', order: 'ASC' },
      filter: { stock: 3, q: '', inStock: 'maybe', maxPrice: 'abc', seller: null },
    });
    expect(Object.fromEntries(q)).toEqual({ page: '1', perPage: '20' });
  });

  it('clamps perPage to the API maximum of 100 and page to at least 1', () => {
    const q = listQuery('users', { pagination: { page: 0, perPage: 1000 } });
    expect(q.get('perPage')).toBe('100');
    expect(q.get('page')).toBe('1');
  });

  it('writes dates as ISO instants and booleans from strings', () => {
    const q = listQuery('orders', { filter: { from: '2026-01-02', status: 'paid' } });
    expect(q.get('from')).toBe('2026-01-02T00:00:00.000Z');
    expect(listQuery('users', { filter: { active: 'false' } }).get('active')).toBe('false');
  });
});

describe('toListResult', () => {
  it('keeps an exact total', () => {
    expect(toListResult(page([{ id: 'a' }], 41))).toEqual({ data: [{ id: 'a' }], total: 41 });
  });
  it('turns an estimated total into page info (no false "of N")', () => {
    const data = Array.from({ length: 20 }, (_, i) => ({ id: String(i) }));
    const result = toListResult({ data, total: 1000, page: 2, perPage: 20, totalIsEstimate: true });
    expect(result.total).toBeUndefined();
    expect(result.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
    expect(result.meta).toEqual({ estimatedTotal: 1000 });
  });
});

describe('writableChanges', () => {
  it('sends only changed writable fields on update, never sellerId', () => {
    const previous = { id: 'p', name: 'Mug', price: 100, stock: 5, sellerId: 's1', ratingAvg: 4 };
    const data = { ...previous, name: 'Big mug', ratingAvg: 5, sellerId: 's2' };
    expect(writableChanges('products', data, previous)).toEqual({ name: 'Big mug' });
  });
  it('sends every writable field on create, dropping blank slug/sku', () => {
    expect(writableChanges('products', { name: 'Mug', slug: '', sku: '', price: 100, id: 'x' })).toEqual({
      name: 'Mug',
      price: 100,
    });
  });
  it('maps a cleared parent to null (move to the top level)', () => {
    expect(writableChanges('categories', { parentId: '' }, { parentId: 'c1' })).toEqual({ parentId: null });
  });
});

describe('flattenTree', () => {
  it('lists categories in tree order with depth and path', () => {
    const rows = flattenTree([
      {
        id: '1',
        name: 'Home',
        slug: 'home',
        description: '',
        parentId: null,
        position: 0,
        children: [
          {
            id: '2',
            name: 'Kitchen',
            slug: 'kitchen',
            description: '',
            parentId: '1',
            position: 0,
            children: [],
          },
        ],
      },
      { id: '3', name: 'Toys', slug: 'toys', description: '', parentId: null, position: 1, children: [] },
    ]);
    expect(rows.map((r) => [r.id, r.depth, r.path, r.childCount])).toEqual([
      ['1', 0, 'Home', 1],
      ['2', 1, 'Home / Kitchen', 0],
      ['3', 0, 'Toys', 0],
    ]);
  });
});

describe('toHttpError: API error bodies', () => {
  it('uses the body message and maps details.fields onto form paths', () => {
    const error = toHttpError(400, 'Bad Request', {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'name must be longer',
      details: {
        fields: [
          { field: 'name', messages: ['name must be longer'] },
          { field: 'customizationOptions.0.values', messages: ['values required', 'must be unique'] },
        ],
      },
    });
    expect(error.message).toBe('name must be longer');
    expect(error.status).toBe(400);
    expect(error.body.code).toBe('VALIDATION_FAILED');
    expect(error.body.errors).toEqual({
      name: 'name must be longer',
      customizationOptions: { 0: { values: 'values required; must be unique' } },
      root: { serverError: 'name must be longer' },
    });
  });
  it('falls back to the status text when the body is not the API shape', () => {
    const error = toHttpError(502, 'Bad Gateway', null);
    expect(error.message).toBe('Bad Gateway');
    expect(error.body.errors).toBeUndefined();
  });
});

describe('createDataProvider against the recorded API', () => {
  async function loggedIn(role = 'staff') {
    const api = fakeApi({ role });
    const session = new Session({ apiUrl: '/api/v1', fetch: api.fetch, storage: memoryStorage() });
    await session.login('staff@bazaar.test', 'right');
    return { api, session, provider: createDataProvider(session) };
  }

  it('getList sends the query with the bearer token and reads {data,total}', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /products', () => jsonResponse(200, page([{ id: 'p1', name: 'Mug' }], 1)));
    const result = await provider.getList('products', {
      pagination: { page: 2, perPage: 10 },
      sort: { field: 'name', order: 'ASC' },
      filter: { q: 'mug' },
    });
    expect(result).toEqual({ data: [{ id: 'p1', name: 'Mug' }], total: 1 });
    const call = api.calls.at(-1)!;
    expect(call.url).toBe('/api/v1/products?page=2&perPage=10&sort=name&q=mug');
    expect(call.auth).toBe('Bearer a1');
  });

  it('a seller lists only its own products (mine=true, inactive included)', async () => {
    const { api, provider } = await loggedIn('seller');
    api.route('GET /products', () => jsonResponse(200, page([], 0)));
    await provider.getList('products', {
      pagination: { page: 1, perPage: 20 },
      sort: { field: 'createdAt', order: 'DESC' },
      filter: {},
    });
    expect(api.calls.at(-1)!.url).toContain('mine=true&status=all');
  });

  it('getMany of categories is one request (the tree), not one per id', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /categories', () =>
      jsonResponse(200, [
        {
          id: 'c1',
          name: 'A',
          slug: 'a',
          description: '',
          parentId: null,
          position: 0,
          children: [
            { id: 'c2', name: 'B', slug: 'b', description: '', parentId: 'c1', position: 0, children: [] },
          ],
        },
        { id: 'c3', name: 'C', slug: 'c', description: '', parentId: null, position: 1, children: [] },
      ]),
    );
    const before = api.calls.length;
    const { data } = await provider.getMany('categories', { ids: ['c2', 'c3'] });
    expect(data.map((c) => c.id)).toEqual(['c2', 'c3']);
    expect(api.calls.length - before).toBe(1);
  });

  it('update PATCHes only the changed fields; an unchanged form sends nothing', async () => {
    const { api, provider } = await loggedIn();
    api.route('PATCH /users/u2', (call) =>
      jsonResponse(200, { id: 'u2', role: 'customer', ...(call.body as object) }),
    );
    const previousData = { id: 'u2', email: 'c@x', role: 'customer', active: true };
    const before = api.calls.length;
    await provider.update('users', { id: 'u2', data: previousData, previousData });
    expect(api.calls.length).toBe(before);
    const { data } = await provider.update('users', {
      id: 'u2',
      data: { ...previousData, active: false },
      previousData,
    });
    expect(api.calls.at(-1)!.body).toEqual({ active: false });
    expect(data.active).toBe(false);
  });

  it('an API error rejects with the body message and field errors', async () => {
    const { api, provider } = await loggedIn();
    api.route('POST /categories', () =>
      jsonResponse(409, {
        statusCode: 409,
        error: 'Conflict',
        code: 'SLUG_TAKEN',
        message: 'Slug "a" is taken',
        details: { fields: [{ field: 'slug', messages: ['Slug "a" is taken'] }] },
      }),
    );
    await expect(provider.create('categories', { data: { name: 'A', slug: 'a' } })).rejects.toMatchObject({
      status: 409,
      message: 'Slug "a" is taken',
      body: { code: 'SLUG_TAKEN', errors: { slug: 'Slug "a" is taken' } },
    });
  });

  it('uploads an image as multipart with the alt text before the file', async () => {
    const { api, provider } = await loggedIn();
    api.route('POST /products/p1/images', () =>
      jsonResponse(201, { id: 'i1', thumbUrl: '/media/t', largeUrl: '/media/l', alt: 'Mug', position: 0 }),
    );
    await provider.uploadImage(
      'p1',
      new File([new Uint8Array([1, 2, 3])], 'mug.png', { type: 'image/png' }),
      'Mug',
    );
    const form = api.calls.at(-1)!.body as FormData;
    expect([...form.keys()]).toEqual(['alt', 'file']);
    expect((form.get('file') as File).name).toBe('mug.png');
  });
  it('updateMany of products is ONE PATCH /products/bulk with {ids, active}', async () => {
    const { api, provider } = await loggedIn();
    api.route('PATCH /products/bulk', (call) => {
      const body = call.body as { ids: string[]; active: boolean };
      return jsonResponse(200, { ids: body.ids, active: body.active, changed: body.ids.length });
    });
    const before = api.calls.length;
    const { data } = await provider.updateMany('products', {
      ids: ['p1', 'p2', 'p3'],
      data: { active: false },
    });
    expect(data).toEqual(['p1', 'p2', 'p3']);
    expect(api.calls.length - before).toBe(1);
    expect(api.calls.at(-1)).toMatchObject({
      method: 'PATCH',
      url: '/api/v1/products/bulk',
      body: { ids: ['p1', 'p2', 'p3'], active: false },
    });
  });

  it('updateMany of products refuses what the bulk endpoint cannot do, without a request', async () => {
    const { api, provider } = await loggedIn();
    const before = api.calls.length;
    await expect(
      provider.updateMany('products', { ids: ['p1'], data: { active: true, price: 5 } }),
    ).rejects.toThrow(/only by activating or deactivating/);
    await expect(
      provider.updateMany('products', {
        ids: Array.from({ length: 101 }, (_, i) => `p${i}`),
        data: { active: true },
      }),
    ).rejects.toThrow(/At most 100/);
    expect(api.calls.length).toBe(before);
  });

  it('a refused bulk change rejects with the API message and code (403 for a foreign product)', async () => {
    const { api, provider } = await loggedIn('seller');
    api.route('PATCH /products/bulk', () =>
      jsonResponse(403, {
        statusCode: 403,
        error: 'Forbidden',
        code: 'FORBIDDEN',
        message: 'You can only change your own products',
        details: { ids: ['p2'] },
      }),
    );
    await expect(
      provider.updateMany('products', { ids: ['p1', 'p2'], data: { active: false } }),
    ).rejects.toMatchObject({
      status: 403,
      message: 'You can only change your own products',
      body: { code: 'FORBIDDEN', details: { ids: ['p2'] } },
    });
  });

  it('refundOrder posts the chosen lines; orderRefunds reads the refund rows', async () => {
    const { api, provider } = await loggedIn();
    const refund = {
      id: 'r1',
      status: 'succeeded',
      amount: 4000,
      currency: 'USD',
      reason: 'Broken',
      restock: true,
      failureReason: null,
      lines: [{ orderLineId: 'l1', quantity: 1, amount: 4000 }],
      createdAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:01.000Z',
    };
    api.route('POST /orders/o1/refund', () =>
      jsonResponse(200, { refund, order: { id: 'o1', status: 'partially_refunded' } }),
    );
    api.route('GET /orders/o1/refunds', () => jsonResponse(200, [refund]));
    const body = { lines: [{ orderLineId: 'l1', quantity: 1 }], restock: true, reason: 'Broken' };
    const result = await provider.refundOrder('o1', body);
    expect(api.calls.at(-1)!.body).toEqual(body);
    expect(result.order.status).toBe('partially_refunded');
    expect(await provider.orderRefunds('o1')).toEqual([refund]);
  });

  it('exportOrders downloads the CSV with the list filters and the bearer token, as a blob', async () => {
    const { api, provider } = await loggedIn();
    const csv = 'order_number,quantity\r\nBZ-000001,2\r\n';
    api.route(
      'GET /orders/export.csv',
      () =>
        new Response(csv, {
          status: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="orders-2026-12-02.csv"',
          },
        }),
    );
    const file = await provider.exportOrders({
      status: 'paid',
      from: '2026-01-02',
      seller: '7d6f0b52-5f0e-4a55-9d0e-3f4b3c2a1b00',
      sku: 'ignored',
      q: '',
    });
    expect(await file.blob.text()).toBe(csv);
    expect(file.filename).toBe('orders-2026-12-02.csv');
    const call = api.calls.at(-1)!;
    expect(call.url).toBe(
      '/api/v1/orders/export.csv?status=paid&from=2026-01-02T00%3A00%3A00.000Z&seller=7d6f0b52-5f0e-4a55-9d0e-3f4b3c2a1b00',
    );
    expect(call.auth).toBe('Bearer a1');
  });

  it('exportOrders refreshes once on a 401 and maps an error body (e.g. 429) to its message', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /orders/export.csv', () =>
      jsonResponse(429, {
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many order exports; try again in 42 s',
      }),
    );
    api.expireAccessTokens();
    await expect(provider.exportOrders({})).rejects.toMatchObject({
      status: 429,
      message: 'Too many order exports; try again in 42 s',
      body: { code: 'TOO_MANY_REQUESTS' },
    });
    expect(api.refreshCalls()).toHaveLength(1);
  });
});

describe('exportQuery', () => {
  it('writes the list filters the export takes, no paging or sort', () => {
    expect(
      Object.fromEntries(exportQuery({ status: 'paid', number: ' 12 ', page: 2, sort: 'x', inStock: true })),
    ).toEqual({
      status: 'paid',
      number: '12',
    });
  });
});

describe('partial refunds: what is left per line and the amount, as the API computes them', () => {
  const refund = (status: 'pending' | 'succeeded' | 'failed', lines: [string, number][]) => ({
    id: status,
    status,
    amount: 0,
    currency: 'USD',
    reason: null,
    restock: false,
    failureReason: null,
    lines: lines.map(([orderLineId, quantity]) => ({ orderLineId, quantity, amount: 0 })),
    createdAt: '',
    completedAt: null,
  });
  it('counts pending and succeeded refunds against a line, not failed ones', () => {
    const units = refundedUnits([
      refund('succeeded', [['l1', 1]]),
      refund('pending', [
        ['l1', 1],
        ['l2', 2],
      ]),
      refund('failed', [['l2', 5]]),
    ]);
    expect(Object.fromEntries(units)).toEqual({ l1: 2, l2: 2 });
  });
  it('the amount is each chosen unit at its unit price (what was paid), shipping not included', () => {
    const order = {
      items: [
        { id: 'l1', unitPrice: 4000, quantity: 2 },
        { id: 'l2', unitPrice: 1275, quantity: 3 },
      ],
    } as never;
    expect(refundPreview(order, { l1: 1, l2: 2 })).toBe(4000 + 2 * 1275);
    expect(refundPreview(order, {})).toBe(0);
  });
});
