#!/usr/bin/env node
/**
 * The second ceiling (issue 12): a bare `node:http` + `pg` server answering the MINIMAL query for
 * the same page, the physical limit of "a page of products over HTTP from this PostgreSQL":
 *
 *   GET /api/v1/products?sort=price&page=N&perPage=M
 *       SELECT id, name, slug, price FROM product ORDER BY price, id LIMIT M OFFSET (N-1)*M
 *       (from an index on (price, id), which bench/run.js creates in the bench database only)
 *   GET /api/v1/products/:slug
 *       SELECT id, name, slug, price FROM product WHERE slug = $1
 *
 * No visibility rule, no total, no variants or images, no framework: named prepared statements,
 * JSON.stringify of the rows. bench/ceiling-server.js is the other ceiling (Bazaar's own SQL).
 *
 *   DATABASE_URL=postgres://... PORT=3102 node bench/minimal-server.js
 */
const http = require('node:http');
const { Pool } = require('pg');

const port = Number(process.env.PORT ?? 3102);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
pool.on('error', () => undefined);

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function list(res, query) {
  const page = Math.max(1, Number(query.get('page') ?? 1));
  const perPage = Math.min(100, Math.max(1, Number(query.get('perPage') ?? 20)));
  const { rows } = await pool.query({
    name: 'minimal_list',
    text: 'SELECT id, name, slug, price FROM product ORDER BY price, id LIMIT $1 OFFSET $2',
    values: [perPage, (page - 1) * perPage],
  });
  send(res, 200, { data: rows, page, perPage });
}

async function detail(res, slug) {
  const { rows } = await pool.query({
    name: 'minimal_slug',
    text: 'SELECT id, name, slug, price FROM product WHERE slug = $1',
    values: [slug],
  });
  if (!rows[0]) return send(res, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'Product not found' });
  send(res, 200, rows[0]);
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
  else return send(res, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'No route' });
  work.catch((err) =>
    send(res, 500, { statusCode: 500, code: 'INTERNAL_ERROR', message: String(err.message) }),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`minimal listening on ${port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
