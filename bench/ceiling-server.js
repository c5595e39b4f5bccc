#!/usr/bin/env node
/**
 * The ceiling: a bare `node:http` + `pg` server answering the catalog's public read routes with
 * the SAME SQL as Bazaar (the compiled src/store/catalog-sql.ts) and the same row -> JSON
 * mapping (src/store/catalog-rows.ts), without a framework, validation, guards or logging.
 * Only what the benchmark calls is implemented: GET /api/v1/products (q, category, sort, page,
 * perPage) and GET /api/v1/products/:idOrSlug, for anonymous shoppers.
 *
 *   DATABASE_URL=postgres://... PORT=3101 node bench/ceiling-server.js
 */
const http = require('node:http');
const { Pool } = require('pg');

const dist = process.env.BAZAAR_DIST ?? `${__dirname}/../dist`;
const { productListSql, productDetailSql, PRODUCT_SORT_KEYS } = require(`${dist}/store/catalog-sql`);
const { toProductPage, toProductDetail, isPubliclyVisible } = require(`${dist}/store/catalog-rows`);
// One-word searches by relevance from the term table (issue 12), as ProductQueryService; absent in older builds.
let termSearch = {};
try {
  termSearch = require(`${dist}/store/catalog-search-sql`);
} catch {
  // a BAZAAR_DIST build from before product_search_term
}
const { parseSort } = require(`${dist}/common/sort`);

const port = Number(process.env.PORT ?? 3101);
const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
// Same pool size as the app (DATABASE_POOL_SIZE, default 10).
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
// The bench stops its PostgreSQL after the last run: an idle client's 57P01 must not crash us.
pool.on('error', () => undefined);
const mediaUrl = (key) => `${publicUrl}/media/${key}`;

function send(res, status, body, headers = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    ...headers,
  });
  res.end(json);
}

async function list(res, query) {
  const page = Number(query.get('page') ?? 1);
  const perPage = Number(query.get('perPage') ?? 20);
  const q = query.get('q') ?? undefined;
  const sort = parseSort(query.get('sort') ?? undefined, PRODUCT_SORT_KEYS, q ? 'relevance' : '-createdAt');
  const params = {
    scope: { kind: 'public' },
    q,
    category: query.get('category') ?? undefined,
    sort,
    limit: perPage,
    offset: (page - 1) * perPage,
  };
  let rows;
  if (termSearch.termSearchApplies?.(params)) {
    rows = (await pool.query(termSearch.termSearchSql(params))).rows;
    if (termSearch.termSearchFellBack(rows)) rows = undefined;
  }
  rows ??= (await pool.query(productListSql(params))).rows;
  const { data, total } = toProductPage(rows, mediaUrl, { limit: perPage });
  const start = (page - 1) * perPage;
  send(
    res,
    200,
    { data, total, page, perPage },
    {
      'content-range': `products ${start}-${data.length ? start + data.length - 1 : start}/${total}`,
      'x-total-count': String(total),
    },
  );
}

async function detail(res, idOrSlug) {
  const stmt = productDetailSql(idOrSlug);
  const { rows } = await pool.query(stmt);
  // One `d` column since issue 12's detail rework; the columns themselves before (a BAZAAR_DIST build).
  const row = rows[0]?.d ?? rows[0];
  if (!row || !isPubliclyVisible(row.product ?? row))
    return send(res, 404, {
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'Product not found',
    });
  send(res, 200, toProductDetail(row, mediaUrl));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  let work;
  if (req.method === 'GET' && path === '/api/v1/products') work = list(res, url.searchParams);
  else if (req.method === 'GET' && path.startsWith('/api/v1/products/'))
    work = detail(res, decodeURIComponent(path.slice('/api/v1/products/'.length)));
  else if (path === '/health/ready')
    work = pool.query('SELECT 1').then(() => send(res, 200, { status: 'ok' }));
  else return send(res, 404, { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'No route' });
  work.catch((err) =>
    send(res, 500, {
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL_ERROR',
      message: String(err.message),
    }),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`ceiling listening on ${port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
