import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { BazaarApiError } from './errors.js';
import type { components, paths } from './schema.js';
import { memoryStorage, STORAGE_KEYS, type TokenStorage } from './storage.js';

/** Every request and response body of the API, by schema name (e.g. `Schemas['CartDto']`). */
export type Schemas = components['schemas'];
export type { paths as BazaarPaths };

export interface BazaarClientOptions {
  /** Where the API is, without `/api/v1` (the paths carry it), e.g. `https://shop.example.com`. */
  baseUrl: string;
  /** Where the session and guest cart token live; default in memory. `localStorage` works. */
  storage?: TokenStorage;
  /** A fetch implementation; default the global one (Node ≥ 20 and browsers). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface BazaarSession {
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  /** The guest cart's `X-Cart-Token` (null once logged in: the cart merged into the account's). */
  readonly cartToken: string | null;
  readonly isLoggedIn: boolean;
  /** Store tokens obtained elsewhere (e.g. a server-side login). */
  set(tokens: { accessToken: string; refreshToken: string }): void;
  /** Forget the access and refresh tokens (not the guest cart token). */
  clear(): void;
}

/**
 * The typed openapi-fetch client (`GET`, `POST`, `PATCH`, `PUT`, `DELETE` with the API's paths,
 * parameters and bodies checked by the compiler) plus the session it keeps.
 */
export type BazaarClient = Client<paths> & {
  readonly session: BazaarSession;
  /** Ends the session on the server (when there is one) and forgets its tokens. */
  logout(): Promise<void>;
};

const API = '/api/v1';
const TOKEN_ROUTES = new Set([`${API}/auth/login`, `${API}/auth/register`, `${API}/auth/refresh`]);
const LOGIN_ROUTES = new Set([`${API}/auth/login`, `${API}/auth/register`]);
const CART_TOKEN = 'x-cart-token';

/** A refresh answer that refuses the token itself (400, 401, 403…), unlike a passing 408, 429 or 5xx. */
const refusal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

const bearerOf = (request: Request) => /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];

/**
 * A client for a Bazaar storefront:
 * - sends the access token, and on a 401 refreshes it once and retries (concurrent calls share one
 *   refresh; a refused refresh clears the session and the call fails with the 401; a refresh that
 *   fails with 429, 408 or 5xx keeps the session and the call fails with that error);
 * - keeps the tokens that login, register and refresh return, and forgets them on logout;
 * - stores the guest cart's `X-Cart-Token` from responses and sends it with every request (so
 *   logging in or registering merges the guest cart);
 * - throws every non-2xx answer as a `BazaarApiError` (`status`, `code`, `message`, `details`), so
 *   `data` is what the API documents for success (see `ok()` to drop the `undefined`).
 */
export function createBazaarClient(options: BazaarClientOptions): BazaarClient {
  const storage = options.storage ?? memoryStorage();
  const fetchImpl: typeof globalThis.fetch =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  /** A copy of each request in flight, to retry it after a refresh (the original body is consumed). */
  const copies = new Map<string, Request>();
  let refreshing: Promise<string | null> | null = null;

  const session: BazaarSession = {
    get accessToken() {
      return storage.getItem(STORAGE_KEYS.accessToken);
    },
    get refreshToken() {
      return storage.getItem(STORAGE_KEYS.refreshToken);
    },
    get cartToken() {
      return storage.getItem(STORAGE_KEYS.cartToken);
    },
    get isLoggedIn() {
      return storage.getItem(STORAGE_KEYS.accessToken) !== null;
    },
    set(tokens) {
      storage.setItem(STORAGE_KEYS.accessToken, tokens.accessToken);
      storage.setItem(STORAGE_KEYS.refreshToken, tokens.refreshToken);
    },
    clear() {
      storage.removeItem(STORAGE_KEYS.accessToken);
      storage.removeItem(STORAGE_KEYS.refreshToken);
    },
  };

  /**
   * Exchanges the refresh token for a new pair; null (session cleared) when the API refuses the
   * token. A refresh that fails for another reason (429 rate limit, 5xx, 408) keeps the session
   * and throws that failure as a BazaarApiError: the refresh token may still be good, so a later
   * call refreshes again instead of the shopper being logged out by a passing fault.
   */
  async function refresh(): Promise<string | null> {
    const refreshToken = session.refreshToken;
    if (!refreshToken) {
      session.clear();
      return null;
    }
    const response = await fetchImpl(`${baseUrl}${API}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify({ refreshToken }),
    });
    if (!response.ok) {
      if (!refusal(response.status)) throw await BazaarApiError.fromResponse(response);
      session.clear();
      return null;
    }
    const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
    session.set(tokens);
    return tokens.accessToken;
  }

  const sharedRefresh = () =>
    (refreshing ??= refresh().finally(() => {
      refreshing = null;
    }));

  async function remember(response: Response, schemaPath: string): Promise<void> {
    const cartToken = response.headers.get(CART_TOKEN);
    if (cartToken) storage.setItem(STORAGE_KEYS.cartToken, cartToken);
    if (schemaPath === `${API}/auth/logout`) session.clear();
    if (!response.ok || !TOKEN_ROUTES.has(schemaPath)) return;
    session.set((await response.clone().json()) as { accessToken: string; refreshToken: string });
    // The API merged the guest cart into the account's on login/register.
    if (LOGIN_ROUTES.has(schemaPath)) storage.removeItem(STORAGE_KEYS.cartToken);
  }

  const middleware: Middleware = {
    onRequest({ request, id }) {
      const accessToken = session.accessToken;
      if (accessToken && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${accessToken}`);
      const cartToken = session.cartToken;
      if (cartToken && !request.headers.has(CART_TOKEN)) request.headers.set(CART_TOKEN, cartToken);
      copies.set(id, request.clone());
      return request;
    },
    async onResponse({ request, response, id, schemaPath }) {
      const copy = copies.get(id);
      copies.delete(id);
      let answer = response;
      const sent = bearerOf(request);
      if (answer.status === 401 && sent && copy && !TOKEN_ROUTES.has(schemaPath)) {
        // Another call may have refreshed since this one was sent: then just use its token.
        const current = session.accessToken;
        const fresh = current && current !== sent ? current : await sharedRefresh();
        if (fresh) {
          const headers = new Headers(copy.headers);
          headers.set('authorization', `Bearer ${fresh}`);
          answer = await fetchImpl(new Request(copy, { headers }));
        }
      }
      await remember(answer, schemaPath);
      if (!answer.ok) throw await BazaarApiError.fromResponse(answer);
      return answer;
    },
    onError({ id }) {
      copies.delete(id);
    },
  };

  const client = createClient<paths>({ baseUrl, fetch: fetchImpl, headers: options.headers });
  client.use(middleware);

  return Object.assign(client, {
    session,
    async logout(): Promise<void> {
      const refreshToken = session.refreshToken;
      try {
        if (refreshToken) await client.POST('/api/v1/auth/logout', { body: { refreshToken } });
      } finally {
        session.clear();
      }
    },
  });
}

/**
 * The success body of a call, typed without `undefined` (errors are thrown as BazaarApiError
 * before they get here): `const cart = await ok(bazaar.GET('/api/v1/cart'))`.
 */
export async function ok<R extends { data?: unknown; response: Response }>(
  pending: Promise<R>,
): Promise<Exclude<R['data'], undefined>> {
  const { data } = await pending;
  return data as Exclude<R['data'], undefined>;
}
