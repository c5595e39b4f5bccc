import { addRefreshAuthToDataProvider, type DataProvider, type GetListResult, type RaRecord } from 'ra-core';
import { withModeration } from './moderation';
import type { Session } from './session';
import type {
  ApiPage,
  BulkProductsRequest,
  BulkProductsResult,
  Category,
  CategoryTreeNode,
  CommentListQuery,
  Order,
  OrderExportQuery,
  Product,
  ProductImage,
  ProductListQuery,
  Refund,
  RefundRequest,
  RefundResult,
  ReviewListQuery,
  UserListQuery,
  Variant,
} from './types';

/**
 * react-admin's DataProvider for the Bazaar REST contract. ra-data-simple-rest speaks a different
 * dialect (`range=[0,9]`, `sort=["id","ASC"]`, `filter={json}`, `PUT` updates), so this keeps its
 * shape (one request per method, totals from the body) and maps to ours: `page`/`perPage`,
 * `sort=-field`, typed query filters, `{data,total}`, `PATCH` with only the changed fields.
 */

/** Per resource: which react-admin sort fields the API sorts by, under which key. */
export const SORTS: Record<string, Record<string, string>> = {
  products: {
    name: 'name',
    price: 'price',
    minPrice: 'price',
    createdAt: 'createdAt',
    ratingAvg: 'rating',
    soldCount: 'sold',
  },
  orders: { createdAt: 'createdAt', total: 'total', number: 'number', status: 'status' },
  users: { createdAt: 'createdAt', email: 'email', name: 'name', role: 'role' },
  reviews: { createdAt: 'createdAt', rating: 'rating', helpfulCount: 'helpful' },
  comments: { createdAt: 'createdAt' },
};

/** Per resource: the filters the API takes, and how each value is written in the query string. */
type FilterKind = 'string' | 'int' | 'bool' | 'date';
/** Only query parameters the OpenAPI document declares for that list (a typo fails the typecheck). */
type FiltersOf<Q> = Partial<Record<Extract<keyof Q, string>, FilterKind>>;
const ORDER_FILTERS = {
  status: 'string',
  from: 'date',
  to: 'date',
  customer: 'string',
  seller: 'string',
  number: 'string',
  q: 'string',
} satisfies FiltersOf<OrderExportQuery>; // the export's filters are the list's, less paging and sort
export const FILTERS: Record<string, Record<string, FilterKind>> = {
  products: {
    q: 'string',
    category: 'string',
    seller: 'string',
    status: 'string',
    inStock: 'bool',
    minPrice: 'int',
    maxPrice: 'int',
    minRating: 'int',
  } satisfies FiltersOf<ProductListQuery>,
  orders: ORDER_FILTERS,
  users: { q: 'string', role: 'string', active: 'bool' } satisfies FiltersOf<UserListQuery>,
  reviews: {
    q: 'string',
    product: 'string',
    seller: 'string',
    rating: 'int',
    status: 'string',
  } satisfies FiltersOf<ReviewListQuery>,
  comments: { status: 'string', product: 'string' } satisfies FiltersOf<CommentListQuery>,
};

/** Fields each resource's create/update may send (the API rejects unknown ones). */
const WRITABLE: Record<string, string[]> = {
  products: [
    'name',
    'slug',
    'description',
    'categoryId',
    'price',
    'discountPercent',
    'active',
    'customizationOptions',
    'stock',
    'sku',
    'sellerId',
  ],
  categories: ['name', 'slug', 'description', 'parentId', 'position'],
  users: ['active', 'role'],
  'delivery-zones': [
    'name',
    'description',
    'country',
    'states',
    'fee',
    'freeOver',
    'estimatedDaysMin',
    'estimatedDaysMax',
    'active',
    'position',
  ],
};
const UPDATE_ONLY_EXCLUDED: Record<string, string[]> = { products: ['sellerId'] };

export interface ListParams {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: 'ASC' | 'DESC' | string };
  filter?: Record<string, unknown>;
}

/** The query string of a list request (exported for the unit tests). */
export function listQuery(
  resource: string,
  params: ListParams,
  extra: Record<string, string> = {},
): URLSearchParams {
  const query = new URLSearchParams();
  const { page = 1, perPage = 20 } = params.pagination ?? {};
  query.set('page', String(Math.max(1, page)));
  query.set('perPage', String(Math.min(100, Math.max(1, perPage))));
  const key = params.sort?.field ? SORTS[resource]?.[params.sort.field] : undefined;
  if (key) query.set('sort', `${params.sort?.order === 'DESC' ? '-' : ''}${key}`);
  writeFilters(query, FILTERS[resource] ?? {}, params.filter);
  for (const [name, value] of Object.entries(extra)) if (!query.has(name)) query.set(name, value);
  return query;
}

/** The orders CSV export's query: the list's filters, no paging or sort (the export takes none). */
export function exportQuery(filter: Record<string, unknown> = {}): URLSearchParams {
  const query = new URLSearchParams();
  writeFilters(query, ORDER_FILTERS, filter);
  return query;
}

function writeFilters(
  query: URLSearchParams,
  kinds: Record<string, FilterKind>,
  filter: Record<string, unknown> = {},
): void {
  for (const [name, value] of Object.entries(filter)) {
    const kind = kinds[name];
    if (!kind || value === undefined || value === null || value === '') continue;
    const written = writeFilter(kind, value);
    if (written !== undefined) query.set(name, written);
  }
}

/** At most this many ids per PATCH /products/bulk (the API's limit). */
export const BULK_MAX = 100;

function writeFilter(kind: FilterKind, value: unknown): string | undefined {
  switch (kind) {
    case 'bool':
      return value === true || value === 'true'
        ? 'true'
        : value === false || value === 'false'
          ? 'false'
          : undefined;
    case 'int': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? String(Math.round(n)) : undefined;
    }
    case 'date': {
      const d = new Date(String(value));
      return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
    }
    default:
      return String(value).trim() || undefined;
  }
}

/** An API page as react-admin's GetListResult; an estimated total becomes "has a next page". */
export function toListResult<T extends RaRecord>(page: ApiPage<T>): GetListResult<T> {
  if (page.totalIsEstimate) {
    return {
      data: page.data,
      pageInfo: {
        hasPreviousPage: page.page > 1,
        hasNextPage: page.data.length === page.perPage && page.page * page.perPage < page.total,
      },
      meta: { estimatedTotal: page.total },
    };
  }
  return { data: page.data, total: page.total };
}

/** Only the writable fields that changed (all writable ones when there is nothing to compare with). */
export function writableChanges(
  resource: string,
  data: Record<string, unknown>,
  previous?: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const excluded = previous ? (UPDATE_ONLY_EXCLUDED[resource] ?? []) : [];
  for (const field of WRITABLE[resource] ?? []) {
    if (excluded.includes(field) || !(field in data) || data[field] === undefined) continue;
    if (previous && JSON.stringify(previous[field]) === JSON.stringify(data[field])) continue;
    out[field] = data[field] === '' && field !== 'description' ? null : data[field];
  }
  // A product's slug and sku are generated when left empty on create.
  if (!previous) for (const f of ['slug', 'sku', 'sellerId']) if (out[f] === null) delete out[f];
  return out;
}

/** Category rows in tree order, each with its depth and path (for the tree list). */
export interface CategoryRow extends Category {
  depth: number;
  path: string;
  childCount: number;
}

export function flattenTree(nodes: CategoryTreeNode[], depth = 0, prefix = ''): CategoryRow[] {
  return nodes.flatMap((node) => {
    const { children, ...category } = node;
    const path = prefix ? `${prefix} / ${node.name}` : node.name;
    return [
      { ...category, depth, path, childCount: children.length },
      ...flattenTree(children, depth + 1, path),
    ];
  });
}

export type OrderAction = 'ship' | 'deliver' | 'cancel' | 'refund';

export interface BazaarDataProvider extends DataProvider {
  uploadImage(productId: string, file: File, alt?: string): Promise<ProductImage>;
  deleteImage(productId: string, imageId: string): Promise<void>;
  reorderImages(productId: string, imageIds: string[]): Promise<Product>;
  createVariant(
    productId: string,
    body: Partial<Variant> & { options: Record<string, string> },
  ): Promise<Variant>;
  updateVariant(productId: string, variantId: string, body: Record<string, unknown>): Promise<Variant>;
  deleteVariant(productId: string, variantId: string): Promise<void>;
  /** A GET of any JSON route (`/analytics/summary?…`, a list's total) for the dashboards. */
  fetchJson<T>(path: string): Promise<T>;
  /** A CSV download (`/analytics/export.csv?…`) with the bearer token, as a Blob. */
  download(path: string): Promise<{ blob: Blob; filename: string | null }>;
  orderAction(orderId: string, action: Exclude<OrderAction, 'refund'>): Promise<Order>;
  /** POST /orders/:id/refund: in full (empty body) or chosen lines and quantities. */
  refundOrder(orderId: string, body: RefundRequest): Promise<RefundResult>;
  /** GET /orders/:id/refunds: what each line already had refunded (staff). */
  orderRefunds(orderId: string): Promise<Refund[]>;
  /** GET /orders/export.csv with the list's filters, as a file to save. */
  exportOrders(filter: Record<string, unknown>): Promise<{ blob: Blob; filename: string }>;
}

export function createDataProvider(session: Session): BazaarDataProvider {
  const get = <T>(path: string) => session.request<T>(path).then((r) => r.json);
  const send = <T>(method: string, path: string, body?: unknown) =>
    session
      .request<T>(path, {
        method,
        body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
      })
      .then((r) => r.json);
  const categoryRows = async () => flattenTree(await get<CategoryTreeNode[]>('/categories'));
  /** Sellers list their own products (inactive included), never the shop's. */
  const listExtra = (resource: string): Record<string, string> =>
    session.user?.role !== 'seller'
      ? {}
      : resource === 'products'
        ? { mine: 'true', status: 'all' }
        : resource === 'reviews'
          ? { mine: 'true' } // reviews of the seller's own products, to answer them
          : {};

  const getOne = async (resource: string, id: string) => {
    const data = await get<RaRecord>(`/${resource}/${encodeURIComponent(id)}`);
    return data;
  };

  const provider: BazaarDataProvider = {
    async getList(resource, params) {
      if (resource === 'categories') {
        let rows = await categoryRows();
        const q = String(params.filter?.q ?? '')
          .trim()
          .toLowerCase();
        if (q) rows = rows.filter((r) => r.path.toLowerCase().includes(q) || r.slug.includes(q));
        const { page = 1, perPage = 100 } = params.pagination ?? {};
        return { data: rows.slice((page - 1) * perPage, page * perPage) as never, total: rows.length };
      }
      const query = listQuery(resource, params, listExtra(resource));
      const page = await get<ApiPage<RaRecord>>(`/${resource}?${query}`);
      return toListResult(page) as never;
    },
    async getOne(resource, params) {
      return { data: (await getOne(resource, String(params.id))) as never };
    },
    async getMany(resource, params) {
      const ids = params.ids.map(String);
      if (resource === 'categories') {
        // The whole tree is one request; pick the ids from it.
        const rows = await categoryRows();
        return { data: rows.filter((r) => ids.includes(r.id)) as never };
      }
      // Products, orders and users have no ids filter in the API: one request per id.
      return { data: (await Promise.all(ids.map((id) => getOne(resource, id)))) as never };
    },
    async getManyReference(resource, params) {
      return provider.getList(resource, {
        ...params,
        filter: { ...params.filter, [params.target]: params.id },
      }) as never;
    },
    async create(resource, params) {
      const body = writableChanges(resource, params.data as Record<string, unknown>);
      return { data: (await send<RaRecord>('POST', `/${resource}`, body)) as never };
    },
    async update(resource, params) {
      const body = writableChanges(
        resource,
        params.data as Record<string, unknown>,
        params.previousData as Record<string, unknown>,
      );
      if (Object.keys(body).length === 0) return { data: params.previousData as never };
      const data = await send<RaRecord>(
        'PATCH',
        `/${resource}/${encodeURIComponent(String(params.id))}`,
        body,
      );
      return { data: data as never };
    },
    async updateMany(resource, params) {
      if (resource === 'products') {
        // PATCH /products/bulk: one request, one transaction (all or nothing); it only switches `active`.
        const fields = Object.keys(params.data ?? {});
        const active = (params.data as { active?: unknown }).active;
        if (fields.length !== 1 || typeof active !== 'boolean')
          throw new Error('Products change in bulk only by activating or deactivating them');
        const ids = params.ids.map(String);
        if (ids.length > BULK_MAX) throw new Error(`At most ${BULK_MAX} products at a time`);
        const body: BulkProductsRequest = { ids, active };
        const result = await send<BulkProductsResult>('PATCH', '/products/bulk', body);
        return { data: result.ids };
      }
      // Users have no bulk endpoint: one PATCH each, in order.
      const done: RaRecord['id'][] = [];
      for (const id of params.ids) {
        await send(
          'PATCH',
          `/${resource}/${encodeURIComponent(String(id))}`,
          writableChanges(resource, params.data),
        );
        done.push(id);
      }
      return { data: done };
    },
    async delete(resource, params) {
      await send('DELETE', `/${resource}/${encodeURIComponent(String(params.id))}`);
      return { data: (params.previousData ?? { id: params.id }) as never };
    },
    async deleteMany(resource, params) {
      const done: RaRecord['id'][] = [];
      for (const id of params.ids) {
        await send('DELETE', `/${resource}/${encodeURIComponent(String(id))}`);
        done.push(id);
      }
      return { data: done };
    },
    async uploadImage(productId, file, alt) {
      const form = new FormData();
      if (alt) form.append('alt', alt); // fields before the file: the API streams the upload
      form.append('file', file, file.name);
      return send<ProductImage>('POST', `/products/${productId}/images`, form);
    },
    async deleteImage(productId, imageId) {
      await send('DELETE', `/products/${productId}/images/${imageId}`);
    },
    reorderImages: (productId, imageIds) => send<Product>('PATCH', `/products/${productId}`, { imageIds }),
    createVariant: (productId, body) => send<Variant>('POST', `/products/${productId}/variants`, body),
    updateVariant: (productId, variantId, body) =>
      send<Variant>('PATCH', `/products/${productId}/variants/${variantId}`, body),
    async deleteVariant(productId, variantId) {
      await send('DELETE', `/products/${productId}/variants/${variantId}`);
    },
    fetchJson: <T>(path: string) => get<T>(path),
    download: (path) => session.download(path, 'text/csv'),
    orderAction: (orderId, action) => send<Order>('POST', `/orders/${orderId}/${action}`),
    // POST /orders/:id/refund answers {refund, order}.
    refundOrder: (orderId, body) => send<RefundResult>('POST', `/orders/${orderId}/refund`, body),
    orderRefunds: (orderId) => get<Refund[]>(`/orders/${orderId}/refunds`),
    async exportOrders(filter) {
      const query = exportQuery(filter).toString();
      const file = await session.download(`/orders/export.csv${query ? `?${query}` : ''}`, 'text/csv');
      return { blob: file.blob, filename: file.filename ?? 'orders.csv' };
    },
  };

  return addRefreshAuthToDataProvider(withModeration(provider, session), () => session.ensureFresh());
}
