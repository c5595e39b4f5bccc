#!/usr/bin/env node
/**
 * Work per request that a busy machine cannot blur: shared buffers (8 kB pages) each catalog
 * statement touches, from EXPLAIN (ANALYZE, BUFFERS), for one build's SQL against another's
 * (BEFORE_DIST, e.g. a build of the previous commit; AFTER_DIST defaults to ./dist), on one or
 * more seeded databases. Execution times are printed too, but they move with the load.
 *
 *   BEFORE_DIST=/tmp/old/dist node bench/buffers.js postgres://.../bench_10k postgres://.../bench_1m
 */
const { Client } = require('pg');
const { join } = require('node:path');

const load = (dist) => require(`${dist}/store/catalog-sql`);
const after = load(process.env.AFTER_DIST ?? join(__dirname, '..', 'dist'));
const before = process.env.BEFORE_DIST ? load(process.env.BEFORE_DIST) : null;
const pub = { kind: 'public' };
const s = (key, direction = 'ASC') => [{ key, direction }];
const cases = {
  '20 by price, page 11': { scope: pub, sort: s('price'), limit: 20, offset: 200 },
  'category bulk-home + price, page 5': {
    scope: pub,
    category: 'bulk-home',
    sort: s('price'),
    limit: 20,
    offset: 80,
  },
  'search "lantern"': { scope: pub, q: 'lantern', sort: s('relevance'), limit: 20, offset: 0 },
  'price 1000-1500 + price': {
    scope: pub,
    minPrice: 1000,
    maxPrice: 1500,
    sort: s('price'),
    limit: 20,
    offset: 0,
  },
  'staff status=all, newest': {
    scope: { kind: 'staff', status: 'all' },
    sort: s('createdAt', 'DESC'),
    limit: 20,
    offset: 0,
  },
};

function buffers(plan) {
  let n = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
  return n;
}

async function measure(db, sql, params) {
  const st = sql.productListSql(params);
  for (let i = 0; i < 2; i++) await db.query(st.text, st.values);
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.text}`, st.values);
  const [{ Plan, 'Execution Time': ms }] = rows[0]['QUERY PLAN'];
  return { buffers: buffers(Plan), ms };
}

async function main() {
  console.log('| products | case | before: buffers (ms) | after: buffers (ms) |');
  console.log('| ---: | --- | ---: | ---: |');
  for (const url of process.argv.slice(2)) {
    const db = new Client({ connectionString: url });
    await db.connect();
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM product')).rows;
    for (const [name, params] of Object.entries(cases)) {
      const b = before ? await measure(db, before, params) : null;
      const a = await measure(db, after, params);
      const cell = (r) => (r ? `${r.buffers.toLocaleString('en')} (${r.ms.toFixed(1)})` : '—');
      console.log(`| ${n.toLocaleString('en')} | ${name} | ${cell(b)} | ${cell(a)} |`);
    }
    await db.end();
  }
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
