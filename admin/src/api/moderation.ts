import { HttpError, type DataProvider, type GetListParams, type RaRecord } from 'ra-core';
import type { Schemas } from '@bazaar/sdk';
import type { Session } from './session';

/**
 * The data provider's moderation resources — `reviews`, `comments`, `delivery-zones` — where the
 * API differs from the generic REST mapping in dataProvider.ts (which still does their lists,
 * `getOne`s and deletes):
 * - `reviews` are never edited as a whole: `update` with `meta.action` `visibility`
 *   (`PATCH /reviews/:id/visibility {hidden, reason}`, staff) or `reply`
 *   (`POST /reviews/:id/reply {body}`, the product's seller; posting again edits the one reply).
 * - `comments`: `update` is `PATCH /comments/:id {status, reason}`; `updateMany` is one
 *   `POST /comments/moderate {ids, status, reason}` (all or nothing), not one request per id.
 * - `delivery-zones` are a short unpaged array (`GET /delivery-zones?includeInactive=true`):
 *   filtered, sorted and paged here. Their conflict codes are put on the input they are about.
 */

export type ReviewRecord = Schemas['ReviewDetailDto'];
export type CommentRecord = Schemas['ModeratedCommentDto'];
export type CommentStatus = CommentRecord['status'];
export type DeliveryZoneRecord = Schemas['DeliveryZoneDto'];

export type ReviewAction = 'visibility' | 'reply';

/** API error codes that are about one input, so the form shows them there. */
const ZONE_CODE_FIELDS: Record<string, string> = {
  DELIVERY_ZONE_NAME_TAKEN: 'name',
  INVALID_ESTIMATED_DAYS: 'estimatedDaysMax',
};

/** A delivery-zone error as react-admin's form reads it: `body.errors.<field>`. */
export function withZoneFieldErrors(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = (error.body ?? {}) as { code?: string; errors?: Record<string, unknown> };
  const field = body.code ? ZONE_CODE_FIELDS[body.code] : undefined;
  if (!field || body.errors?.[field]) return error;
  return new HttpError(error.message, error.status, {
    ...body,
    errors: { ...body.errors, [field]: error.message, root: { serverError: error.message } },
  });
}

const rethrowZoneError = (err: unknown): never => {
  throw withZoneFieldErrors(err);
};

/** Filter, sort and page the zones in the browser (the API answers them all, in display order). */
export function pageZones(zones: DeliveryZoneRecord[], params: Partial<GetListParams>) {
  const filter = (params.filter ?? {}) as { q?: unknown; active?: unknown };
  const q = (typeof filter.q === 'string' ? filter.q : '').trim().toLowerCase();
  const active = filter.active;
  let rows = zones.filter(
    (z) =>
      (!q || z.name.toLowerCase().includes(q) || (z.description ?? '').toLowerCase().includes(q)) &&
      (active === undefined ||
        active === null ||
        active === '' ||
        z.active === (active === true || active === 'true')),
  );
  const field = params.sort?.field as keyof DeliveryZoneRecord | undefined;
  if (field && zones.some((z) => field in z)) {
    const sign = params.sort?.order === 'DESC' ? -1 : 1;
    const empty = (v: unknown) => v === null || v === undefined;
    rows = [...rows].sort(
      (a, b) =>
        // Empty values last, whichever way the column is sorted.
        Number(empty(a[field])) - Number(empty(b[field])) ||
        sign * compare(a[field], b[field]) ||
        compare(a.name, b.name),
    );
  }
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  return JSON.stringify(a).localeCompare(JSON.stringify(b)); // arrays (states)
}

export function withModeration<P extends DataProvider>(base: P, session: Session): P {
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await session.request<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) }))
      .json;
  const id = (value: unknown) => encodeURIComponent(String(value as RaRecord['id']));
  const zones = () => send<DeliveryZoneRecord[]>('GET', '/delivery-zones?includeInactive=true');

  return {
    ...base,
    async getList(resource, params) {
      if (resource === 'delivery-zones') return pageZones(await zones(), params) as never;
      return base.getList(resource, params);
    },
    async getMany(resource, params) {
      if (resource !== 'delivery-zones') return base.getMany(resource, params);
      const wanted = new Set(params.ids.map(String));
      return { data: (await zones()).filter((z) => wanted.has(z.id)) as never };
    },
    async update(resource, params) {
      if (resource === 'reviews') {
        const action = (params.meta as { action?: ReviewAction } | undefined)?.action;
        const data = params.data as { hidden?: boolean; reason?: string; body?: string };
        if (action === 'visibility') {
          const reason = data.reason?.trim();
          const body = { hidden: data.hidden === true, ...(reason ? { reason } : {}) };
          return { data: await send('PATCH', `/reviews/${id(params.id)}/visibility`, body) };
        }
        if (action === 'reply') {
          return { data: await send('POST', `/reviews/${id(params.id)}/reply`, { body: data.body ?? '' }) };
        }
        throw new HttpError('A review is changed through its visibility or its reply', 400, {});
      }
      if (resource === 'comments') {
        const { status, reason } = params.data as { status?: CommentStatus; reason?: string };
        const text = reason?.trim();
        const body = { status, ...(text ? { reason: text } : {}) };
        return { data: await send('PATCH', `/comments/${id(params.id)}`, body) };
      }
      if (resource === 'delivery-zones') {
        return base.update(resource, params).catch(rethrowZoneError);
      }
      return base.update(resource, params);
    },
    async updateMany(resource, params) {
      if (resource !== 'comments') return base.updateMany(resource, params);
      const { status, reason } = params.data as { status?: CommentStatus; reason?: string };
      const text = reason?.trim();
      const result = await send<{ changed: string[]; unchanged: string[] }>('POST', '/comments/moderate', {
        ids: params.ids.map(String),
        status,
        ...(text ? { reason: text } : {}),
      });
      return { data: [...result.changed, ...result.unchanged] };
    },
    async create(resource, params) {
      if (resource !== 'delivery-zones') return base.create(resource, params);
      return base.create(resource, params).catch(rethrowZoneError);
    },
  };
}
