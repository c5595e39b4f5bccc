/**
 * The SQL of the catalog's read paths (GET /products and GET /products/:idOrSlug), as plain
 * text + parameters. ProductQueryService runs it through TypeORM's pool; the benchmark ceiling
 * server (bench/ceiling-server.js) imports this same compiled module and runs it through bare
 * `pg`, so the two are compared on exactly the same statements. Nothing here touches Nest.
 *
 * One statement per request, no N+1: the list is `count(*)` of the filtered rows LEFT JOINed
 * with the page (so an empty page still reports the total), and the page's stock/variant count
 * and first image come from LATERAL subqueries evaluated only for the page's rows.
 */

import { statementName } from '../database/prepared-statement-cache';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ProductSortKey = 'price' | 'name' | 'createdAt' | 'rating' | 'sold' | 'relevance';
export const PRODUCT_SORT_KEYS: readonly ProductSortKey[] = [
  'price',
  'name',
  'createdAt',
  'rating',
  'sold',
  'relevance',
];

/** Who is listing, which decides the base visibility rule. */
export type ListScope =
  /** Shoppers (anonymous or not): active, non-archived products of active sellers. */
  | { kind: 'public' }
  /** A seller's own products (`mine=true`), including inactive ones. */
  | { kind: 'owner'; sellerId: string; status?: ProductStatusFilter }
  /** Staff: everything, optionally narrowed by status. */
  | { kind: 'staff'; status?: ProductStatusFilter };

/** `active` = on sale; `inactive` = switched off by its seller; `archived` = deleted while in orders. */
export type ProductStatusFilter = 'active' | 'inactive' | 'archived' | 'all';

export interface ProductListParams {
  scope: ListScope;
  q?: string;
  /** Category id or slug; matches the category and all its descendants. */
  category?: string;
  /** Effective-price range, minor units: products whose [min_price, max_price] overlaps it. */
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** Seller id or profile slug. */
  seller?: string;
  minRating?: number;
  sort: { key: ProductSortKey; direction: 'ASC' | 'DESC' }[];
  limit: number;
  offset: number;
  /**
   * Keyset position (a decoded `cursor`): the sort key values of the row to continue after
   * (`forward`) or before (`backward`), one per orderTerms() term, id last. Replaces `offset`.
   */
  keyset?: { key: (string | number)[]; backward: boolean };
}

export interface SqlStatement {
  /**
   * Set for statements worth preparing: pg prepares each distinct text once per connection and
   * PostgreSQL reuses the plan (planning the product-by-slug CTEs costs more than running them).
   * Left out for search, where a generic plan cannot know how selective the words are and the
   * per-call plan measured faster.
   */
  name?: string;
  text: string;
  values: unknown[];
}

/** `{name, text, values}` with a stable name per distinct text (statementName). */
export function statement(text: string, values: unknown[], prepare = true): SqlStatement {
  return prepare ? { name: statementName(text, 'catalog'), text, values } : { text, values };
}

const SORT_COLUMNS: Record<Exclude<ProductSortKey, 'relevance'>, string> = {
  price: 'min_price',
  name: 'name',
  createdAt: 'created_at',
  rating: 'rating_avg',
  sold: 'sold_count',
};

/** Each sort column's SQL type, for the keyset condition's parameters. */
const SORT_COLUMN_TYPES: Record<string, string> = {
  min_price: 'bigint',
  name: 'text',
  created_at: 'timestamp',
  rating_avg: 'numeric',
  sold_count: 'int',
  id: 'uuid',
};

/** The columns a list item needs (ProductSummaryDto); `pg.` prefixed in the outer query. */
export const SUMMARY_COLUMNS = [
  'p.id',
  'p.slug',
  'p.name',
  'p.price',
  'p.currency',
  'p.discount_percent',
  'p.min_price',
  'p.max_price',
  'p.rating_avg',
  'p.rating_count',
  'p.sold_count',
  'p.category_id',
  'p.seller_id',
  's.name AS seller_name',
  'p.active',
  'p.archived',
  'p.created_at',
];

/**
 * The sellers switched off who still have live products (a row in the trigger-kept
 * product_live_seller_count): a shopper sees no product of theirs. A few ids at most, one InitPlan.
 */
export const HIDDEN_SELLERS =
  'ARRAY(SELECT hc.seller_id FROM product_live_seller_count hc JOIN "user" hu ON hu.id = hc.seller_id WHERE NOT hu.active)';

/** From this offset on, a list page reads its ids index-only first (productListSql). */
const DEEP_OFFSET = 40;

/** Totals are exact up to this many matches; beyond it a list may answer an estimate (`totalIsEstimate`). */
export const EXACT_TOTAL_LIMIT = 10_000;

/** The WHERE of a list (filters and visibility), its CTEs and parameters; shared by the list and its estimate. */
function filterSql(params: ProductListParams) {
  const values: unknown[] = [];
  const $ = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  const ctes: string[] = [];
  const scope = params.scope;
  if (scope.kind === 'public') {
    where.push('p.active', 'NOT p.archived', `p.seller_id <> ALL (${HIDDEN_SELLERS})`);
  } else {
    if (scope.kind === 'owner') where.push(`p.seller_id = ${$(scope.sellerId)}`);
    where.push(...statusCondition(scope.status));
  }
  let categoryMatch: string | undefined;
  if (params.category !== undefined) {
    const match = UUID_PATTERN.test(params.category)
      ? `id = ${$(params.category)}::uuid`
      : `slug = ${$(params.category)}`;
    // All descendants, whatever the depth; the depth guard stops a corrupted cycle.
    ctes.push(
      `cat_tree(id, depth) AS (SELECT id, 0 FROM category WHERE ${match} ` +
        `UNION ALL SELECT c.id, t.depth + 1 FROM category c JOIN cat_tree t ON c.parent_id = t.id WHERE t.depth < 32)`,
    );
    // As an array (one InitPlan) rather than IN (subquery): the planner then sees a short list of
    // ids and scans IDX_product_live_filter by category instead of hash-joining the whole table.
    categoryMatch = 'ANY (ARRAY(SELECT id FROM cat_tree))';
    where.push(`p.category_id = ${categoryMatch}`);
  }
  let query = '';
  if (params.q !== undefined) {
    query = `websearch_to_tsquery('english', ${$(params.q)})`;
    where.push(`p.search @@ ${query}`);
  }
  // Price ranges overlap: some variant may cost between minPrice and maxPrice.
  if (params.minPrice !== undefined) where.push(`p.max_price >= ${$(params.minPrice)}`);
  if (params.maxPrice !== undefined) where.push(`p.min_price <= ${$(params.maxPrice)}`);
  if (params.inStock === true) {
    where.push('EXISTS (SELECT 1 FROM product_variant sv WHERE sv.product_id = p.id AND sv.stock > 0)');
  } else if (params.inStock === false) {
    where.push('NOT EXISTS (SELECT 1 FROM product_variant sv WHERE sv.product_id = p.id AND sv.stock > 0)');
  }
  let sellerMatch: string | undefined;
  if (params.seller !== undefined) {
    sellerMatch = UUID_PATTERN.test(params.seller)
      ? `${$(params.seller)}::uuid`
      : `(SELECT id FROM "user" WHERE slug = ${$(params.seller)})`;
    where.push(`p.seller_id = ${sellerMatch}`);
  }
  if (params.minRating !== undefined) where.push(`p.rating_avg >= ${$(params.minRating)}`);
  // No join to "user": the seller's `active` is the exclusion above, so a sort index that carries
  // seller_id skips an offset index-only; the page's rows get their seller afterwards.
  const filtered = `FROM product p WHERE ${where.length ? where.join(' AND ') : 'true'}`;
  // Shoppers' lists narrowed by category and/or seller only: the exact total is a sum over the
  // trigger-maintained product_live_count (the category subtree's rows: at most its categories x
  // sellers) or product_live_seller_count (a row per seller), whatever the size of the catalog.
  const counted =
    scope.kind === 'public' &&
    params.q === undefined &&
    params.minPrice === undefined &&
    params.maxPrice === undefined &&
    params.inStock === undefined &&
    params.minRating === undefined;
  // The whole catalog or one seller without a category: the per-seller rollup (a row per seller).
  const countTable = categoryMatch ? 'product_live_count' : 'product_live_seller_count';
  const countedTotal = counted
    ? `SELECT coalesce(sum(c.live), 0)::int AS total, true AS exact FROM ${countTable} c ` +
      `JOIN "user" s ON s.id = c.seller_id WHERE s.active` +
      (categoryMatch ? ` AND c.category_id = ${categoryMatch}` : '') +
      (sellerMatch ? ` AND c.seller_id = ${sellerMatch}` : '')
    : undefined;
  return { values, $, ctes, filtered, query, countedTotal };
}

/**
 * At most this many matches of a search are read (GIN bitmap scan, storage order) when the sort
 * involves relevance: they are counted (the total, exact up to EXACT_TOTAL_LIMIT) and ranked,
 * so a search page costs the same whatever the number of matches. Beyond it the relevance order
 * covers these candidates only (documented on ProductPageDto and in the README).
 */
export const SEARCH_CANDIDATES = EXACT_TOTAL_LIMIT + 1;

/**
 * GET /products in one statement: the page and its total. The total is exact when it comes from
 * product_live_count (shoppers' lists by category/seller), or when at most EXACT_TOTAL_LIMIT rows
 * match; otherwise `exact` is false, `total` is EXACT_TOTAL_LIMIT + 1 and the caller asks
 * productCountEstimateSql() for the planner's figure. So no list or search reads more than 10,001
 * matches to count them.
 *
 * The page holds up to `limit + 1` rows: the extra one only tells that there is more in the
 * direction of travel (toProductPage drops it). Each row carries `cursor_key`, its sort key values
 * (id last) as a JSON array, for the keyset cursors; timestamps in UTC without zone, full precision.
 */
export function productListSql(params: ProductListParams): SqlStatement {
  const { values, $, ctes, filtered, query, countedTotal } = filterSql(params);
  const columns = SUMMARY_COLUMNS.join(', ');
  const order = orderTerms(params.sort, query !== '');
  const byRelevance = order.some((o) => o.column === 'rank');
  if (params.keyset && byRelevance) throw new Error('keyset paging does not apply to relevance order');
  const backward = params.keyset?.backward ?? false;
  // The page subquery walks the order backwards for a `prev` cursor; the outer query restores it.
  const inner = backward ? order.map((o) => ({ ...o, direction: flip(o.direction) })) : order;
  const limit = params.keyset
    ? `LIMIT ${$(params.limit + 1)}`
    : `LIMIT ${$(params.limit + 1)} OFFSET ${$(params.offset)}`;
  let total: string;
  let page: string;
  if (byRelevance) {
    // Search by relevance: the first SEARCH_CANDIDATES matches of the GIN bitmap scan, ranked once
    // each; the total and the page both read this materialised list.
    ctes.push(
      `hits AS MATERIALIZED (SELECT p.id, p.min_price, p.name, p.created_at, p.rating_avg, p.sold_count, ` +
        `ts_rank(p.search, ${query}) AS rank ${filtered} LIMIT ${SEARCH_CANDIDATES})`,
    );
    total = `SELECT count(*)::int AS total, count(*) <= ${EXACT_TOTAL_LIMIT} AS exact FROM hits`;
    // Sort and cut the page out of the hits first, then fetch the full rows of those 20 only.
    page =
      `SELECT ${columns}, h.rank, NULL::json AS cursor_key FROM (SELECT id, rank FROM hits ` +
      `ORDER BY ${inner.map((o) => `${o.column} ${o.direction}`).join(', ')} ${limit}) h ` +
      `JOIN product p ON p.id = h.id JOIN "user" s ON s.id = p.seller_id`;
  } else {
    // Lists (and searches sorted by a column): the total from the counts table, or a scan that
    // stops after EXACT_TOTAL_LIMIT + 1 rows; the page by walking the sort's index from the
    // offset or the keyset position (or a bitmap scan and a top-N sort when the filters are selective).
    total =
      countedTotal ??
      `SELECT count(*)::int AS total, count(*) <= ${EXACT_TOTAL_LIMIT} AS exact ` +
        `FROM (SELECT 1 ${filtered} LIMIT ${EXACT_TOTAL_LIMIT + 1}) capped`;
    const after = params.keyset ? ` AND ${keysetCondition(inner, params.keyset.key, $)}` : '';
    const rank = query ? `, ts_rank(p.search, ${query}) AS rank` : '';
    const key = `json_build_array(${order.map((o) => (o.column === 'created_at' ? `p.created_at AT TIME ZONE 'UTC'` : `p.${o.column}`)).join(', ')}) AS cursor_key`;
    const orderBy = `ORDER BY ${inner.map((o) => `p.${o.column} ${o.direction}`).join(', ')} ${limit}`;
    // Past the first pages, the page's ids first: the sort index (which carries seller_id) skips
    // the offset index-only, then only the page's rows are read, with their seller. On the first
    // pages and keyset pages that second lookup per row would cost more than the rows it skips.
    page =
      params.keyset === undefined && params.offset >= DEEP_OFFSET
        ? `SELECT ${columns}${rank}, ${key} FROM (SELECT p.id ${filtered}${after} ${orderBy}) k ` +
          `JOIN product p ON p.id = k.id JOIN "user" s ON s.id = p.seller_id`
        : `SELECT ${columns}${rank}, ${key} FROM product p JOIN "user" s ON s.id = p.seller_id ` +
          `${filtered.replace(/^FROM product p /, '')}${after} ${orderBy}`;
  }
  return statement(withPage(ctes, total, page, order), values, !query);
}

/**
 * The statement around a list's total and page: one row out, the total and the page as one JSON
 * array in order (pg then runs one JSON.parse instead of a type parser per column of every row:
 * about half of the Node side of a list), with each page row's stock, variants and first image
 * from LATERAL subqueries evaluated for the page's rows only. `extra`: one more output column (SQL).
 */
export function withPage(
  ctes: string[],
  total: string,
  page: string,
  order: { column: string; direction: 'ASC' | 'DESC' }[],
  extra = '',
): string {
  return (
    (ctes.length ? `WITH RECURSIVE ${ctes.join(', ')} ` : '') +
    `SELECT min(r.total) AS total, bool_and(r.exact) AS exact${extra ? `, ${extra}` : ''}, ` +
    `coalesce(json_agg(to_json(r) ` +
    `ORDER BY ${order.map((o) => `r.${o.column} ${o.direction}`).join(', ')}) FILTER (WHERE r.id IS NOT NULL), '[]') AS items ` +
    `FROM (SELECT t.total, t.exact, pg.*, v.stock, v.variant_count, v.variants, img.thumb_key ` +
    `FROM (${total}) t LEFT JOIN (${page}) pg ON true ` +
    `LEFT JOIN LATERAL (SELECT coalesce(sum(pv.stock), 0)::int AS stock, count(*)::int AS variant_count, ` +
    `json_agg(json_build_object('id', pv.id, 'sku', pv.sku, 'options', pv.options, 'priceOverride', pv.price_override, ` +
    `'stock', pv.stock) ORDER BY pv.position, pv.created_at, pv.id) AS variants ` +
    `FROM product_variant pv WHERE pv.product_id = pg.id) v ON true ` +
    `LEFT JOIN LATERAL (SELECT pi.thumb_key FROM product_image pi WHERE pi.product_id = pg.id ` +
    `ORDER BY pi.position, pi.id LIMIT 1) img ON pg.id IS NOT NULL) r`
  );
}

function flip(direction: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
  return direction === 'ASC' ? 'DESC' : 'ASC';
}

/**
 * Rows strictly after `key` in `order`. One row comparison when every term goes the same way
 * (so a (column, id) index answers it as a range), else the expanded OR of prefixes behind a
 * bound on the first column.
 */
function keysetCondition(
  order: { column: string; direction: 'ASC' | 'DESC' }[],
  key: (string | number)[],
  $: (value: unknown) => string,
): string {
  const params = order.map((o, i) => {
    const type = SORT_COLUMN_TYPES[o.column];
    const param = `${$(String(key[i]))}::${type}`;
    return type === 'timestamp' ? `(${param} AT TIME ZONE 'UTC')` : param;
  });
  if (order.every((o) => o.direction === order[0].direction)) {
    const op = order[0].direction === 'ASC' ? '>' : '<';
    return `(${order.map((o) => `p.${o.column}`).join(', ')}) ${op} (${params.join(', ')})`;
  }
  const ors = order.map((o, i) => {
    const equal = order.slice(0, i).map((e, j) => `p.${e.column} = ${params[j]}`);
    return [...equal, `p.${o.column} ${o.direction === 'ASC' ? '>' : '<'} ${params[i]}`].join(' AND ');
  });
  // The redundant bound on the first column lets its index start at the position, not at the top.
  const first = `p.${order[0].column} ${order[0].direction === 'ASC' ? '>=' : '<='} ${params[0]}`;
  return `${first} AND (${ors.map((c) => `(${c})`).join(' OR ')})`;
}

/**
 * The planner's row estimate for a list's filters (`EXPLAIN (FORMAT JSON)`: planning only, nothing
 * is read), for a list whose capped count overflowed. Read it with estimatedTotal().
 */
export function productCountEstimateSql(params: ProductListParams): SqlStatement {
  const { values, ctes, filtered } = filterSql(params);
  const text =
    `EXPLAIN (FORMAT JSON) ` +
    (ctes.length ? `WITH RECURSIVE ${ctes.join(', ')} ` : '') +
    `SELECT 1 ${filtered}`;
  return statement(text, values, false);
}

/** The estimate out of productCountEstimateSql()'s plan; never at or below the exact limit it overflowed. */
export function estimatedTotal(rows: { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]): number {
  const planRows = Math.round(rows[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0);
  return Math.max(planRows, EXACT_TOTAL_LIMIT + 1);
}

function statusCondition(status: ProductStatusFilter | undefined): string[] {
  switch (status) {
    case 'active':
      return ['p.active', 'NOT p.archived'];
    case 'inactive':
      return ['NOT p.active', 'NOT p.archived'];
    case 'archived':
      return ['p.archived'];
    case 'all':
      return [];
    default:
      // Archived products are kept for order history only; listing them is an explicit choice.
      return ['NOT p.archived'];
  }
}

/**
 * ORDER BY terms as output column names (the page subquery, the search `hits` and the outer query
 * all expose them). `relevance` is always best-first. Ties break on id in the direction of the
 * first key, so a descending sort is one backward scan of a (column, id) index.
 */
export function orderTerms(sort: ProductListParams['sort'], hasRank: boolean) {
  const terms: { column: string; direction: 'ASC' | 'DESC' }[] = [];
  for (const s of sort) {
    if (s.key === 'relevance') {
      if (hasRank) terms.push({ column: 'rank', direction: 'DESC' });
      continue;
    }
    terms.push({ column: SORT_COLUMNS[s.key], direction: s.direction });
  }
  terms.push({ column: 'id', direction: terms[0]?.direction ?? 'ASC' });
  return terms;
}

/**
 * One product with everything its page shows: seller, breadcrumb (root first: the category's
 * trigger-maintained `breadcrumb` column, one lookup), variants and images (in display order).
 * Visibility is decided by the caller from `active`, `archived` and `seller_active`, so the
 * statement is the same whoever asks.
 *
 * The answer is one row with one `json` column `d` (ProductDetailRow): pg then runs a single
 * JSON.parse instead of a type parser per column plus one per JSON aggregate (this cut the Node
 * side of the read: bench/RESULTS.md). Money goes out as text (no float on the way), timestamps as
 * UTC ISO strings at millisecond precision, as the Date round trip gave them before.
 */
export function productDetailSql(idOrSlug: string): SqlStatement {
  const match = UUID_PATTERN.test(idOrSlug) ? 'p.id = $1::uuid' : 'p.slug = $1';
  const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const text =
    `WITH prod AS (SELECT p.id, p.slug, p.name, p.description, p.price::text AS price, p.currency, ` +
    `p.discount_percent, p.min_price::text AS min_price, p.max_price::text AS max_price, p.active, p.archived, ` +
    `p.customization_options, p.rating_avg, p.rating_count, p.sold_count, p.category_id, p.seller_id, ` +
    `${iso('p.created_at')} AS created_at, ${iso('p.updated_at')} AS updated_at, ` +
    `s.name AS seller_name, s.slug AS seller_slug, s.active AS seller_active ` +
    `FROM product p JOIN "user" s ON s.id = p.seller_id WHERE ${match}) ` +
    `SELECT json_build_object('product', to_json(prod), ` +
    `'breadcrumb', (SELECT c.breadcrumb FROM category c WHERE c.id = prod.category_id), ` +
    `'variants', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options, ` +
    `'priceOverride', v.price_override::text, 'stock', v.stock) ORDER BY v.position, v.created_at, v.id), '[]') ` +
    `FROM product_variant v WHERE v.product_id = prod.id), ` +
    `'images', (SELECT coalesce(json_agg(json_build_object('id', i.id, 'thumbKey', i.thumb_key, 'largeKey', i.large_key, ` +
    `'alt', i.alt, 'position', i.position) ORDER BY i.position, i.id), '[]') ` +
    `FROM product_image i WHERE i.product_id = prod.id)) AS d ` +
    `FROM prod`;
  return statement(text, [idOrSlug]);
}
