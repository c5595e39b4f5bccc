import { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface HttpResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send this exact payload (e.g. malformed JSON) instead of JSON-encoding `body`. */
  raw?: string | Buffer;
}

/** A tiny client over Fastify's `inject` (no socket): what a storefront would send. */
export class HttpClient {
  constructor(private readonly app: NestFastifyApplication) {}

  get<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, body, options);
  }
  patch<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, body, options);
  }
  delete<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('DELETE', url, undefined, options);
  }

  async request<T>(
    method: string,
    url: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | Buffer | undefined = options.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    if (options.raw !== undefined) headers['content-type'] ??= 'application/json';
    const query = options.query
      ? Object.fromEntries(
          Object.entries(options.query)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)]),
        )
      : undefined;
    const res = await this.app.inject({ method: method as 'GET', url, headers, payload, query });
    let parsed: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body)
      parsed = JSON.parse(res.body);
    return { status: res.statusCode, headers: res.headers, body: parsed as T, text: res.body };
  }
}
