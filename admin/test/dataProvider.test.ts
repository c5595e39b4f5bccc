import { describe, expect, it } from 'vitest';
import {
  createDataProvider,
  flattenTree,
  listQuery,
  toListResult,
  writableChanges,
} from '../src/api/dataProvider';
import { Session, toHttpError } from '../src/api/session';
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
});
