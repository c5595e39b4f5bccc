import { HttpError } from 'ra-core';
import type { ApiErrorBody, AuthResponse, AuthUser } from './types';

/** What a customer who logs in is told (the session is ended at once). */
export const CUSTOMER_REFUSED =
  'The Bazaar admin is for staff and sellers. Shop at the storefront with your customer account.';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionOptions {
  /** The API prefix, e.g. `/api/v1`. */
  apiUrl: string;
  fetch?: typeof fetch;
  /**
   * Where the refresh token survives a reload (localStorage in the browser). The access token
   * never leaves memory.
   */
  storage?: KeyValueStore;
  now?: () => number;
  /** Refresh this long before the access token expires (at most a fifth of its lifetime). */
  refreshAheadMs?: number;
}

const REFRESH_KEY = 'bazaar.admin.refreshToken';

/**
 * Maps an API error body onto react-admin's HttpError: `message` is shown in the notification,
 * and `details.fields` (`[{field, messages}]`) become `body.errors` (`{field: message}`), which
 * react-admin's forms set on the matching inputs in pessimistic mode.
 */
export function toHttpError(status: number, statusText: string, body: unknown): HttpError {
  const api = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  const message =
    typeof api.message === 'string' && api.message ? api.message : statusText || `HTTP ${status}`;
  const fields = Array.isArray(api.details?.fields) ? api.details.fields : [];
  const errors: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f || typeof f.field !== 'string') continue;
    setPath(errors, f.field, Array.isArray(f.messages) ? f.messages.join('; ') : String(f.messages));
  }
  return new HttpError(message, status, {
    ...api,
    ...(fields.length ? { errors: { ...errors, root: { serverError: message } } } : {}),
  });
}

/** `a.b.0.c` → nested objects, as react-hook-form names its inputs. */
function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * The admin's session: the access token lives in memory only, the refresh token in `storage`.
 * Every request goes through `request()`, which refreshes shortly before expiry and once on a
 * 401; all concurrent callers share one in-flight refresh (refresh tokens are single-use, so two
 * parallel refreshes would revoke the session). A refused refresh ends the session.
 */
export class Session {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private ttlMs = 0;
  private currentUser: AuthUser | null = null;
  private inflight: Promise<void> | null = null;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly ahead: number;
  private readonly storage: KeyValueStore;

  constructor(private readonly options: SessionOptions) {
    this.fetchFn = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.now = options.now ?? Date.now;
    this.ahead = options.refreshAheadMs ?? 30_000;
    this.storage = options.storage ?? memoryStore();
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  get user(): AuthUser | null {
    return this.currentUser;
  }

  /** True while a refresh token is kept (the session may be resumed). */
  hasSession(): boolean {
    return this.accessToken !== null || this.refreshToken() !== null;
  }

  async login(email: string, password: string): Promise<AuthUser> {
    const res = await this.fetchFn(`${this.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = await readJson(res);
    if (!res.ok) throw toHttpError(res.status, res.statusText, body);
    const auth = body as AuthResponse;
    if (auth.user.role === 'customer') {
      await this.revoke(auth.refreshToken);
      this.clear();
      throw new HttpError(CUSTOMER_REFUSED, 403, { code: 'ADMIN_FOR_STAFF_AND_SELLERS' });
    }
    this.accept(auth);
    return auth.user;
  }

  async logout(): Promise<void> {
    const token = this.refreshToken();
    this.clear();
    if (token) await this.revoke(token);
  }

  /** Refreshes when the access token is missing or about to expire (and a refresh token exists). */
  async ensureFresh(): Promise<void> {
    // Ahead by 30 s, or a fifth of a short lifetime.
    const ahead = Math.min(this.ahead, this.ttlMs / 5);
    if (this.accessToken && this.expiresAt - this.now() > ahead) return;
    if (!this.refreshToken()) return;
    await this.refresh();
  }

  /** One refresh for everyone asking at the same time. Rejects (and ends the session) when refused. */
  refresh(): Promise<void> {
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /**
   * An authenticated JSON (or FormData) request to the API. On a 401 it refreshes once (shared)
   * and retries once; the error body is mapped by toHttpError.
   */
  async request<T>(
    path: string,
    init: RequestInit = {},
  ): Promise<{ json: T; headers: Headers; status: number }> {
    const res = await this.authorized(path, init, 'application/json');
    const body = await readJson(res);
    if (!res.ok) throw toHttpError(res.status, res.statusText, body);
    return { json: body as T, headers: res.headers, status: res.status };
  }

  /**
   * A file from the API (e.g. a CSV export) with the same token handling as `request()`: the
   * access token is only in memory, so a plain link could not carry it. Errors come as JSON.
   */
  async download(path: string, accept: string): Promise<{ blob: Blob; filename: string | null }> {
    const res = await this.authorized(path, {}, `${accept}, application/json`);
    if (!res.ok) throw toHttpError(res.status, res.statusText, await readJson(res));
    return { blob: await res.blob(), filename: attachmentName(res.headers.get('Content-Disposition')) };
  }

  /** Sends with the access token, refreshing ahead of expiry and once (shared) on a 401. */
  private async authorized(path: string, init: RequestInit, accept: string): Promise<Response> {
    await this.ensureFresh();
    const used = this.accessToken;
    let res = await this.send(path, init, used, accept);
    if (res.status === 401 && this.refreshToken()) {
      // Another caller may already have refreshed while this request was out.
      if (this.accessToken === used) await this.refresh();
      res = await this.send(path, init, this.accessToken, accept);
    }
    return res;
  }

  private send(path: string, init: RequestInit, token: string | null, accept: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept', accept);
    if (init.body !== undefined && !(init.body instanceof FormData) && !headers.has('Content-Type')) {
      headers.set('Content-Type', 'application/json');
    }
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return this.fetchFn(`${this.apiUrl}${path}`, { ...init, headers });
  }

  private async exchange(): Promise<void> {
    const refreshToken = this.refreshToken();
    if (!refreshToken) throw new HttpError('Your session has ended; log in again.', 401, {});
    const res = await this.fetchFn(`${this.apiUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    const body = await readJson(res);
    if (!res.ok) {
      this.clear();
      const error = toHttpError(res.status, res.statusText, body);
      // Whatever the refresh said (401, 400 for a malformed token, 429), the session is over.
      throw new HttpError(error.message || 'Your session has ended; log in again.', 401, error.body);
    }
    this.accept(body as AuthResponse);
  }

  private accept(auth: AuthResponse): void {
    this.accessToken = auth.accessToken;
    this.ttlMs = auth.expiresIn * 1000;
    this.expiresAt = this.now() + this.ttlMs;
    this.currentUser = auth.user;
    this.storage.setItem(REFRESH_KEY, auth.refreshToken);
  }

  private clear(): void {
    this.accessToken = null;
    this.expiresAt = 0;
    this.currentUser = null;
    this.storage.removeItem(REFRESH_KEY);
  }

  private refreshToken(): string | null {
    return this.storage.getItem(REFRESH_KEY);
  }

  private async revoke(refreshToken: string): Promise<void> {
    try {
      await this.fetchFn(`${this.apiUrl}/auth/logout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch {
      // Logging out locally must not depend on the network.
    }
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/** The file name a Content-Disposition header suggests (path separators replaced), or null. */
export function attachmentName(header: string | null): string | null {
  const m = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]).replace(/[/\\]/g, '_');
  } catch {
    return m[1].replace(/[/\\]/g, '_');
  }
}
