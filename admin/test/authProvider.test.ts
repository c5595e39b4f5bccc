import { describe, expect, it } from 'vitest';
import { createAuthProvider } from '../src/api/authProvider';
import { createDataProvider } from '../src/api/dataProvider';
import { CUSTOMER_REFUSED, Session } from '../src/api/session';
import { fakeApi, jsonResponse, memoryStorage } from './fake-api';

function setup(options: Parameters<typeof fakeApi>[0] = {}) {
  const api = fakeApi(options);
  const storage = memoryStorage();
  let now = 1_000_000;
  const session = new Session({ apiUrl: '/api/v1', fetch: api.fetch, storage, now: () => now });
  api.route('GET /orders', () => jsonResponse(200, { data: [], total: 0, page: 1, perPage: 20 }));
  return {
    api,
    storage,
    session,
    auth: createAuthProvider(session),
    data: createDataProvider(session),
    advance: (ms: number) => (now += ms),
  };
}
const listOrders = (data: ReturnType<typeof setup>['data']) =>
  data.getList('orders', {
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'createdAt', order: 'DESC' },
    filter: {},
  });

describe('auth provider', () => {
  it('logs in with email and password; permissions are the role; the access token stays in memory', async () => {
    const { auth, storage } = setup({ role: 'seller' });
    await auth.login({ email: 'seller@bazaar.test', password: 'right' });
    await expect(auth.checkAuth({})).resolves.toBeUndefined();
    expect(await auth.getPermissions?.({})).toBe('seller');
    expect(await auth.getIdentity?.()).toMatchObject({ id: 'u1', email: 'staff@bazaar.test' });
    // Only the refresh token is persisted.
    expect([...storage.values.values()]).toEqual(['r1']);
  });

  it('shows the API message for wrong credentials', async () => {
    const { auth } = setup();
    await expect(auth.login({ email: 'x@y', password: 'wrong' })).rejects.toThrow(
      'Invalid email or password',
    );
    await expect(auth.checkAuth({})).rejects.toThrow();
  });

  it('turns a customer away and ends the session it got', async () => {
    const { auth, api, storage } = setup({ role: 'customer' });
    await expect(auth.login({ email: 'c@bazaar.test', password: 'right' })).rejects.toThrow(CUSTOMER_REFUSED);
    expect(api.calls.at(-1)).toMatchObject({ url: '/api/v1/auth/logout', body: { refreshToken: 'r1' } });
    expect(storage.values.size).toBe(0);
    await expect(auth.checkAuth({})).rejects.toThrow();
  });

  it('resumes a session after a reload from the stored refresh token', async () => {
    const first = setup();
    await first.auth.login({ email: 's', password: 'right' });
    // A new page: a new Session on the same storage and API.
    const session = new Session({ apiUrl: '/api/v1', fetch: first.api.fetch, storage: first.storage });
    const auth = createAuthProvider(session);
    await expect(auth.checkAuth({})).resolves.toBeUndefined();
    expect(first.api.refreshCalls()).toHaveLength(1);
  });

  it('checkError logs out on 401 and keeps the session on 403', async () => {
    const { auth, storage } = setup();
    await auth.login({ email: 's', password: 'right' });
    await expect(auth.checkError({ status: 403 })).resolves.toBeUndefined();
    expect(storage.values.size).toBe(1);
    await expect(auth.checkError({ status: 401 })).rejects.toThrow();
    expect(storage.values.size).toBe(0);
  });
});

describe('refresh', () => {
  it('refreshes before expiry once for many concurrent calls', async () => {
    const { auth, data, api, advance } = setup({ expiresIn: 60 });
    await auth.login({ email: 's', password: 'right' });
    advance(50_000); // within a fifth of the 60 s lifetime
    await Promise.all(Array.from({ length: 8 }, () => listOrders(data)));
    expect(api.refreshCalls()).toHaveLength(1);
    const orderCalls = api.calls.filter((c) => c.url.includes('/orders'));
    expect(new Set(orderCalls.map((c) => c.auth))).toEqual(new Set(['Bearer a2']));
  });

  it('refreshes once on 401 for concurrent calls and retries each once', async () => {
    const { auth, data, api } = setup();
    await auth.login({ email: 's', password: 'right' });
    api.state.refreshDelayMs = 30;
    api.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 6 }, () => listOrders(data)));
    expect(results.every((r) => r.total === 0)).toBe(true);
    expect(api.refreshCalls()).toHaveLength(1);
    const orderCalls = api.calls.filter((c) => c.url.includes('/orders'));
    expect(orderCalls.filter((c) => c.auth === 'Bearer a1')).toHaveLength(6);
    expect(orderCalls.filter((c) => c.auth === 'Bearer a2')).toHaveLength(6);
  });

  it('a refused refresh ends the session: the call fails with 401 and checkAuth sends to login', async () => {
    const { auth, data, api, storage } = setup();
    await auth.login({ email: 's', password: 'right' });
    api.state.refuseRefresh = true;
    api.expireAccessTokens();
    await expect(Promise.all([listOrders(data), listOrders(data)])).rejects.toMatchObject({ status: 401 });
    expect(api.refreshCalls()).toHaveLength(1);
    expect(storage.values.size).toBe(0);
    await expect(auth.checkAuth({})).rejects.toThrow();
  });

  it('does not refresh a fresh token', async () => {
    const { auth, data, api } = setup();
    await auth.login({ email: 's', password: 'right' });
    await listOrders(data);
    await auth.checkAuth({});
    expect(api.refreshCalls()).toHaveLength(0);
  });
});
