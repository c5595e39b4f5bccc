/**
 * A recording `fetch` for the provider unit tests: it answers like the Bazaar API's auth routes
 * (rotating single-use refresh tokens, 401 for an expired access token) and lets each test
 * script the answer of other routes. The real API is exercised by test/admin-browser.e2e-spec.ts.
 */
export interface Call {
  method: string;
  url: string;
  auth: string | null;
  body: unknown;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function fakeApi(options: { role?: string; expiresIn?: number; refuseRefresh?: boolean } = {}) {
  const calls: Call[] = [];
  let generation = 0;
  let refreshToken = 'r0';
  const valid = new Set<string>();
  const routes = new Map<string, (call: Call) => Response | Promise<Response>>();
  const state = { refreshDelayMs: 5, refuseRefresh: options.refuseRefresh ?? false };

  const issue = () => {
    generation += 1;
    refreshToken = `r${generation}`;
    const accessToken = `a${generation}`;
    valid.add(accessToken);
    return {
      user: { id: 'u1', email: 'staff@bazaar.test', name: 'Staff', role: options.role ?? 'staff' },
      accessToken,
      refreshToken,
      expiresIn: options.expiresIn ?? 900,
    };
  };

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const headers = new Headers(init.headers);
    const raw = init.body;
    const body = typeof raw === 'string' ? JSON.parse(raw) : raw instanceof FormData ? raw : undefined;
    const call: Call = { method: init.method ?? 'GET', url, auth: headers.get('Authorization'), body };
    calls.push(call);
    const path = url.replace(/^\/api\/v1/, '').split('?')[0];
    if (path === '/auth/login') {
      const b = body as { password: string };
      if (b.password !== 'right')
        return jsonResponse(401, {
          statusCode: 401,
          error: 'Unauthorized',
          code: 'INVALID_CREDENTIALS',
          message: 'Invalid email or password',
        });
      return jsonResponse(200, issue());
    }
    if (path === '/auth/refresh') {
      await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      const b = body as { refreshToken: string };
      if (state.refuseRefresh || b.refreshToken !== refreshToken) {
        return jsonResponse(401, {
          statusCode: 401,
          error: 'Unauthorized',
          code: 'INVALID_REFRESH_TOKEN',
          message: 'Refresh token invalid',
        });
      }
      valid.clear();
      return jsonResponse(200, issue());
    }
    if (path === '/auth/logout') return new Response(null, { status: 204 });
    const token = call.auth?.replace(/^Bearer /, '');
    if (!token || !valid.has(token)) {
      return jsonResponse(401, {
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHORIZED',
        message: 'Token expired',
      });
    }
    const route = routes.get(`${call.method} ${path}`);
    return route
      ? route(call)
      : jsonResponse(404, { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: `No ${path}` });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    state,
    route: (key: string, handler: (call: Call) => Response | Promise<Response>) => routes.set(key, handler),
    /** Makes every access token issued so far stop working (as if it expired server-side). */
    expireAccessTokens: () => valid.clear(),
    refreshCalls: () => calls.filter((c) => c.url.endsWith('/auth/refresh')),
  };
}

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & {
  values: Map<string, string>;
} {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (k) => values.get(k) ?? null,
    setItem: (k, v) => void values.set(k, v),
    removeItem: (k) => void values.delete(k),
  };
}
