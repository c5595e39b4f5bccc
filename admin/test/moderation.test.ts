import { HttpError } from 'ra-core';
import { describe, expect, it } from 'vitest';
import { createDataProvider } from '../src/api/dataProvider';
import { pageZones, withZoneFieldErrors, type DeliveryZoneRecord } from '../src/api/moderation';
import { Session, toHttpError } from '../src/api/session';
import { fakeApi, jsonResponse, memoryStorage } from './fake-api';

const page = <T>(data: T[], total: number) => ({ data, total, page: 1, perPage: 20 });

async function loggedIn(role = 'staff') {
  const api = fakeApi({ role });
  const session = new Session({ apiUrl: '/api/v1', fetch: api.fetch, storage: memoryStorage() });
  await session.login('staff@bazaar.test', 'right');
  return { api, provider: createDataProvider(session) };
}

const zone = (over: Partial<DeliveryZoneRecord>): DeliveryZoneRecord => ({
  id: 'z',
  name: 'Zone',
  description: null,
  country: null,
  states: [],
  fee: 0,
  freeOver: null,
  estimatedDaysMin: null,
  estimatedDaysMax: null,
  currency: 'USD',
  active: true,
  position: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('reviews', () => {
  it('staff list with typed filters and the sort keys the API takes', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /reviews', () => jsonResponse(200, page([{ id: 'r1' }], 1)));
    const result = await provider.getList('reviews', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'helpfulCount', order: 'DESC' },
      filter: { rating: '4', status: 'hidden', q: ' late ', seller: 'u9', product: 'p1', author: 'x' },
    });
    expect(result).toEqual({ data: [{ id: 'r1' }], total: 1 });
    expect(api.calls.at(-1)!.url).toBe(
      '/api/v1/reviews?page=1&perPage=25&sort=-helpful&rating=4&status=hidden&q=late&seller=u9&product=p1',
    );
  });

  it('a seller lists the reviews of its own products (mine=true)', async () => {
    const { api, provider } = await loggedIn('seller');
    api.route('GET /reviews', () => jsonResponse(200, page([], 0)));
    await provider.getList('reviews', {
      pagination: { page: 1, perPage: 20 },
      sort: { field: 'createdAt', order: 'DESC' },
      filter: {},
    });
    expect(api.calls.at(-1)!.url).toBe('/api/v1/reviews?page=1&perPage=20&sort=-createdAt&mine=true');
  });

  it('hides with a reason, shows without one, and replies through their own routes', async () => {
    const { api, provider } = await loggedIn();
    api.route('PATCH /reviews/r1/visibility', (call) =>
      jsonResponse(200, { id: 'r1', ...(call.body as object) }),
    );
    api.route('POST /reviews/r1/reply', (call) =>
      jsonResponse(200, { id: 'r1', reply: { body: (call.body as { body: string }).body } }),
    );
    const previousData = { id: 'r1', hidden: false };
    const hidden = await provider.update('reviews', {
      id: 'r1',
      data: { hidden: true, reason: '  Abusive  ' },
      previousData,
      meta: { action: 'visibility' },
    });
    expect(api.calls.at(-1)).toMatchObject({ method: 'PATCH', body: { hidden: true, reason: 'Abusive' } });
    expect(hidden.data).toMatchObject({ hidden: true });
    await provider.update('reviews', {
      id: 'r1',
      data: { hidden: false, reason: ' ' },
      previousData,
      meta: { action: 'visibility' },
    });
    expect(api.calls.at(-1)!.body).toEqual({ hidden: false });
    const replied = await provider.update('reviews', {
      id: 'r1',
      data: { body: 'Thanks!' },
      previousData,
      meta: { action: 'reply' },
    });
    expect(api.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/v1/reviews/r1/reply',
      body: { body: 'Thanks!' },
    });
    expect(replied.data).toMatchObject({ reply: { body: 'Thanks!' } });
  });

  it('refuses a whole-review update (there is no such route) without a request', async () => {
    const { api, provider } = await loggedIn();
    const before = api.calls.length;
    await expect(
      provider.update('reviews', { id: 'r1', data: { rating: 1 }, previousData: { id: 'r1' } }),
    ).rejects.toBeInstanceOf(HttpError);
    expect(api.calls.length).toBe(before);
  });

  it("shows the API's refusal (a seller replying to another seller's review)", async () => {
    const { api, provider } = await loggedIn('seller');
    api.route('POST /reviews/r2/reply', () =>
      jsonResponse(403, {
        statusCode: 403,
        error: 'Forbidden',
        code: 'FORBIDDEN',
        message: 'Not your product',
      }),
    );
    await expect(
      provider.update('reviews', {
        id: 'r2',
        data: { body: 'x' },
        previousData: { id: 'r2' },
        meta: { action: 'reply' },
      }),
    ).rejects.toMatchObject({ status: 403, message: 'Not your product' });
  });
});

describe('comments', () => {
  it('the queue: status filter and oldest first', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /comments', () => jsonResponse(200, page([], 0)));
    await provider.getList('comments', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'createdAt', order: 'ASC' },
      filter: { status: 'pending' },
    });
    expect(api.calls.at(-1)!.url).toBe('/api/v1/comments?page=1&perPage=25&sort=createdAt&status=pending');
  });

  it('one decision is a PATCH with the reason (trimmed, left out when empty)', async () => {
    const { api, provider } = await loggedIn();
    api.route('PATCH /comments/c1', (call) => jsonResponse(200, { id: 'c1', ...(call.body as object) }));
    await provider.update('comments', {
      id: 'c1',
      data: { status: 'rejected', reason: ' Spam ' },
      previousData: { id: 'c1', status: 'pending' },
    });
    expect(api.calls.at(-1)!.body).toEqual({ status: 'rejected', reason: 'Spam' });
    await provider.update('comments', { id: 'c1', data: { status: 'approved' }, previousData: { id: 'c1' } });
    expect(api.calls.at(-1)!.body).toEqual({ status: 'approved' });
  });

  it('updateMany is one POST /comments/moderate, answering changed and unchanged ids', async () => {
    const { api, provider } = await loggedIn();
    api.route('POST /comments/moderate', () =>
      jsonResponse(200, { status: 'rejected', changed: ['c1', 'c3'], unchanged: ['c2'] }),
    );
    const before = api.calls.length;
    const result = await provider.updateMany('comments', {
      ids: ['c1', 'c2', 'c3'],
      data: { status: 'rejected' },
    });
    expect(api.calls.length - before).toBe(1);
    expect(api.calls.at(-1)!.body).toEqual({ ids: ['c1', 'c2', 'c3'], status: 'rejected' });
    expect(result.data).toEqual(['c1', 'c3', 'c2']);
  });

  it('a bulk refusal (unknown ids: nothing changed) reaches the caller', async () => {
    const { api, provider } = await loggedIn();
    api.route('POST /comments/moderate', () =>
      jsonResponse(404, {
        statusCode: 404,
        error: 'Not Found',
        code: 'NOT_FOUND',
        message: 'Some comments were not found',
        details: { missing: ['c9'] },
      }),
    );
    await expect(
      provider.updateMany('comments', { ids: ['c9'], data: { status: 'approved' } }),
    ).rejects.toMatchObject({ status: 404, message: 'Some comments were not found' });
  });
});

describe('delivery zones', () => {
  const zones = [
    zone({ id: 'z1', name: 'Ikeja', fee: 1500, position: 1 }),
    zone({ id: 'z2', name: 'Lekki', fee: 2500, position: 0, active: false, description: 'Island' }),
    zone({ id: 'z3', name: 'Abuja', fee: 500, position: 2, freeOver: 10000 }),
  ];

  it('pages, sorts and filters the unpaged array in the browser', () => {
    expect(pageZones(zones, { sort: { field: 'fee', order: 'DESC' } }).data.map((z) => z.id)).toEqual([
      'z2',
      'z1',
      'z3',
    ]);
    expect(
      pageZones(zones, { sort: { field: 'name', order: 'ASC' }, pagination: { page: 2, perPage: 2 } }),
    ).toEqual({ data: [zones[1]], total: 3 });
    expect(pageZones(zones, { filter: { q: 'island' } }).data.map((z) => z.id)).toEqual(['z2']);
    expect(pageZones(zones, { filter: { active: 'true' } }).data.map((z) => z.id)).toEqual(['z1', 'z3']);
    // Empty values sort last in both directions.
    expect(pageZones(zones, { sort: { field: 'freeOver', order: 'DESC' } }).data[0].id).toBe('z3');
    expect(pageZones(zones, { sort: { field: 'freeOver', order: 'ASC' } }).data[0].id).toBe('z3');
  });

  it('getList asks for the inactive zones too, in one request; getMany uses the same list', async () => {
    const { api, provider } = await loggedIn();
    api.route('GET /delivery-zones', () => jsonResponse(200, zones));
    const result = await provider.getList('delivery-zones', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'position', order: 'ASC' },
      filter: {},
    });
    expect(api.calls.at(-1)!.url).toBe('/api/v1/delivery-zones?includeInactive=true');
    expect(result).toEqual({ data: [zones[1], zones[0], zones[2]], total: 3 });
    const before = api.calls.length;
    const many = await provider.getMany('delivery-zones', { ids: ['z3', 'z2'] });
    expect(many.data.map((z: DeliveryZoneRecord) => z.id)).toEqual(['z2', 'z3']);
    expect(api.calls.length - before).toBe(1);
  });

  it('create sends the writable fields only (empty country is null); update only the changed ones', async () => {
    const { api, provider } = await loggedIn();
    api.route('POST /delivery-zones', (call) => jsonResponse(201, { id: 'z9', ...(call.body as object) }));
    api.route('PATCH /delivery-zones/z1', (call) =>
      jsonResponse(200, { ...zones[0], ...(call.body as object) }),
    );
    await provider.create('delivery-zones', {
      data: { name: 'Ikoyi', fee: 2000, country: '', states: ['Lagos'], currency: 'USD', id: 'x' },
    });
    expect(api.calls.at(-1)!.body).toEqual({ name: 'Ikoyi', fee: 2000, country: null, states: ['Lagos'] });
    await provider.update('delivery-zones', {
      id: 'z1',
      data: { ...zones[0], fee: 1800, states: ['Lagos'] },
      previousData: zones[0],
    });
    expect(api.calls.at(-1)!.body).toEqual({ fee: 1800, states: ['Lagos'] });
  });

  it("field errors from details.fields and a taken name land on the form's inputs", async () => {
    const { api, provider } = await loggedIn();
    let answer: object = {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'fee must be an integer number',
      details: { fields: [{ field: 'fee', messages: ['fee must be an integer number'] }] },
    };
    api.route('POST /delivery-zones', () =>
      jsonResponse((answer as { statusCode: number }).statusCode, answer),
    );
    await expect(provider.create('delivery-zones', { data: { name: 'A', fee: 1.5 } })).rejects.toMatchObject({
      status: 400,
      body: { errors: { fee: 'fee must be an integer number' } },
    });
    answer = {
      statusCode: 409,
      error: 'Conflict',
      code: 'DELIVERY_ZONE_NAME_TAKEN',
      message: 'A delivery zone with this name already exists',
    };
    await expect(
      provider.create('delivery-zones', { data: { name: 'Ikeja', fee: 1 } }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'A delivery zone with this name already exists',
      body: { errors: { name: 'A delivery zone with this name already exists' } },
    });
  });

  it('withZoneFieldErrors leaves other errors as they are', () => {
    const other = toHttpError(403, 'Forbidden', { code: 'FORBIDDEN', message: 'Staff only' });
    expect(withZoneFieldErrors(other)).toBe(other);
    const plain = new Error('network');
    expect(withZoneFieldErrors(plain)).toBe(plain);
  });
});
