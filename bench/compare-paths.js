#!/usr/bin/env node
/**
 * Old and new catalog list paths on the same data: for a set of sorts x filters (and a relevance
 * search), the page built by another build's catalog-sql + catalog-rows (BEFORE_DIST) must be
 * deep-equal to this checkout's (dist/), items and total. Exits 1 on the first difference.
 *   BEFORE_DIST=/tmp/old/dist [AFTER_DIST=dist] node bench/compare-paths.js <database url>
 * Searches with more than 10,000 hits differ by design (bounded candidates): pick a catalog where
 * the searched word has fewer (the 10k bench catalog).
 */
const assert = require('node:assert');
const { join } = require('node:path');
const { Client } = require('pg');

const load = (dist) => ({
  sql: require(join(dist, 'store', 'catalog-sql')),
  rows: require(join(dist, 'store', 'catalog-rows')),
});
const after = load(process.env.AFTER_DIST ?? join(__dirname, '..', 'dist'));
const before = load(process.env.BEFORE_DIST ?? '/tmp/old/dist');

async function main() {
  const db = new Client({ connectionString: process.argv[2] });
  await db.connect();
  const url = (key) => `/media/${key}`;
  const page = async (build, params) =>
    build.rows.toProductPage((await db.query(build.sql.productListSql(params))).rows, url, {
      limit: params.limit,
    });
  const sorts = [
    ['price', 'ASC', 200],
    ['createdAt', 'DESC', 0],
    ['name', 'ASC', 40],
    ['rating', 'DESC', 0],
    ['sold', 'DESC', 0],
  ];
  const filters = [{}, { category: 'bulk-home' }, { q: 'lantern' }, { minPrice: 1000, maxPrice: 3000 }];
  let compared = 0;
  for (const [key, direction, offset] of sorts) {
    for (const filter of filters) {
      const params = { scope: { kind: 'public' }, sort: [{ key, direction }], limit: 20, offset, ...filter };
      const [a, b] = [await page(before, params), await page(after, params)];
      assert.deepStrictEqual(b.data, a.data, JSON.stringify(params));
      assert.strictEqual(b.total, a.total, JSON.stringify(params));
      compared++;
    }
  }
  for (const offset of [0, 40]) {
    const params = {
      scope: { kind: 'public' },
      q: 'lantern',
      sort: [{ key: 'relevance', direction: 'ASC' }],
      limit: 20,
      offset,
    };
    const [a, b] = [await page(before, params), await page(after, params)];
    assert.deepStrictEqual(b.data, a.data, JSON.stringify(params));
    assert.strictEqual(b.total, a.total, JSON.stringify(params));
    compared++;
  }
  console.log(`${compared} pages identical between the two builds`);
  await db.end();
}

main().catch((err) => {
  console.error(err.message.slice(0, 3000));
  process.exit(1);
});
