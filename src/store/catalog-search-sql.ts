/**
 * A shopper's one-word search by relevance, answered from `product_search_term` (migration
 * ProductSearchTerms): one row per (lexeme, live product) with the lexeme's ts_rank, indexed by
 * (term, rank DESC, product_id DESC) INCLUDE (seller_id). The page (best first, over ALL matches)
 * is an index-only scan over that term's entries, and the total is EXACT whatever the number of
 * matches: a sum over product_search_term_count (one row per seller having the term). So the cost
 * does not grow with the catalog or the hits. Anything else (several words, a phrase or negation,
 * other filters, a column sort, staff and sellers' own lists) takes productListSql()'s GIN path.
 *
 * Whether `q` is one lexeme is only known once PostgreSQL has parsed it, so the statement decides
 * itself: for anything else it reads nothing and answers `fallback = true`, and the caller runs
 * productListSql(). Nest-free: the bench ceiling server runs it too.
 */
import type { ProductListResult } from './catalog-rows';
import {
  HIDDEN_SELLERS,
  orderTerms,
  ProductListParams,
  SqlStatement,
  statement,
  SUMMARY_COLUMNS,
  withPage,
} from './catalog-sql';

/**
 * The index one-word searches read (created by migration ProductSearchTerms). The bulk seed drops
 * it for a large load and builds it again with this statement.
 */
export const SEARCH_TERM_INDEX_SQL =
  'CREATE INDEX IF NOT EXISTS "IDX_product_search_term" ON "product_search_term" ("term", "rank" DESC, "product_id" DESC) INCLUDE ("seller_id")';

/** True when the term table can answer `params` exactly (if `q` turns out to be one lexeme). */
export function termSearchApplies(params: ProductListParams): boolean {
  return (
    params.scope.kind === 'public' &&
    params.q !== undefined &&
    params.category === undefined &&
    params.minPrice === undefined &&
    params.maxPrice === undefined &&
    params.inStock === undefined &&
    params.seller === undefined &&
    params.minRating === undefined &&
    params.keyset === undefined &&
    params.sort.length === 1 &&
    params.sort[0].key === 'relevance'
  );
}

/**
 * The term-table statement for `params` (termSearchApplies() must hold). Same columns and order
 * as productListSql()'s relevance search (rank DESC, id DESC), plus `fallback`: true when `q` is
 * not a single plain lexeme (then total 0, no items: run productListSql() instead).
 */
export function termSearchSql(params: ProductListParams): SqlStatement {
  if (!termSearchApplies(params)) throw new Error('termSearchSql: not a one-word public search by relevance');
  const values: unknown[] = [params.q, params.limit + 1, params.offset];
  // tsquery text of a one-lexeme query is the quoted lexeme; a weight or prefix (`'x':*`) would
  // follow the closing quote (websearch_to_tsquery makes neither), anything else has operators.
  const ctes = [
    `tq AS MATERIALIZED (SELECT CASE WHEN numnode(q) = 1 AND right(q::text, 1) = '''' THEN q::text END AS term ` +
      `FROM websearch_to_tsquery('english', $1) q)`,
  ];
  const matches =
    `FROM product_search_term t WHERE t.term = (SELECT term FROM tq) ` +
    `AND t.seller_id <> ALL (${HIDDEN_SELLERS})`;
  const total =
    `SELECT coalesce(sum(c.n), 0)::int AS total, true AS exact FROM product_search_term_count c ` +
    `WHERE c.term = (SELECT term FROM tq) AND c.seller_id <> ALL (${HIDDEN_SELLERS})`;
  const page =
    `SELECT ${SUMMARY_COLUMNS.join(', ')}, h.rank, NULL::json AS cursor_key FROM (SELECT t.product_id AS id, t.rank ` +
    `${matches} ORDER BY t.rank DESC, t.product_id DESC LIMIT $2 OFFSET $3) h ` +
    `JOIN product p ON p.id = h.id JOIN "user" s ON s.id = p.seller_id`;
  return statement(
    withPage(ctes, total, page, orderTerms(params.sort, true), '(SELECT term FROM tq) IS NULL AS fallback'),
    values,
  );
}

/** True when termSearchSql() found `q` is not one lexeme: the caller runs productListSql(). */
export function termSearchFellBack(rows: (ProductListResult & { fallback?: boolean })[]): boolean {
  return rows[0]?.fallback === true;
}
