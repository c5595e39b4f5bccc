#!/usr/bin/env node
/**
 * Prints EXPLAIN (ANALYZE, BUFFERS) of the catalog's list/detail SQL for every filter and sort
 * (bench/plans-*.md hold its output at 100,000 and 1,000,000 products),
 * on the bench catalog (100,000 products; the same database as bench/run.js: BENCH_DATABASE_URL,
 * else `bazaar_bench` on BENCH_ADMIN_URL or the embedded server in bench/.data, seeded on first use).
 * Uses the compiled catalog-sql module (npm run build:api), i.e. exactly what the app runs.
 *   node bench/explain.js [--summary]
 */
const { Client } = require('pg');
const { benchPostgres, ensureCatalog } = require('./postgres');
const { productListSql, productDetailSql } = require(
  `${process.env.BAZAAR_DIST ?? '../dist'}/store/catalog-sql`,
);
// One-word searches by relevance: the term table (issue 12), as the app runs them; absent in older builds.
let terms = {};
try {
  terms = require(`${process.env.BAZAAR_DIST ?? '../dist'}/store/catalog-search-sql`);
} catch {
  // a build from before product_search_term
}

const summary = process.argv.includes('--summary');
const pub = { kind: 'public' };
const list = (over) =>
  productListSql({
    scope: pub,
    sort: [{ key: 'createdAt', direction: 'DESC' }],
    limit: 20,
    offset: 0,
    ...over,
  });
const s = (key, direction = 'ASC') => [{ key, direction }];
/** A public search by relevance as the app runs it: the term table when it applies, else the GIN path. */
const search = (over) => {
  const params = { scope: pub, sort: s('relevance'), limit: 20, offset: 0, ...over };
  return terms.termSearchApplies?.(params) ? terms.termSearchSql(params) : productListSql(params);
};

async function main() {
  if (process.env.BENCH_DATABASE_URL) return explain(process.env.BENCH_DATABASE_URL);
  const pg = await benchPostgres();
  try {
    await explain(await ensureCatalog(pg.adminUrl, 'bazaar_bench', 100_000));
  } finally {
    await pg.stop();
  }
}

async function explain(url) {
  const db = new Client({ connectionString: url });
  await db.connect();
  const [{ slug }] = (
    await db.query(
      `SELECT slug FROM product WHERE active AND NOT archived ORDER BY created_at DESC LIMIT 1 OFFSET 500`,
    )
  ).rows;
  const [{ seller }] = (
    await db.query(
      `SELECT seller_id AS seller FROM product GROUP BY seller_id ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows;
  const cases = {
    'default (newest first)': list({}),
    '20 by price, page 11 (issue 12)': list({ sort: s('price'), offset: 200 }),
    'seller storefront (counted total)': list({ seller, sort: s('createdAt', 'DESC') }),
    'category bulk-home (3 levels) + price + page 5': list({
      category: 'bulk-home',
      sort: s('price'),
      offset: 80,
    }),
    'category leaf + -price': list({ category: 'bulk-kitchen-2-3', sort: s('price', 'DESC') }),
    'search "lantern" (relevance)': search({ q: 'lantern' }),
    'search "lantern" page 11': search({ q: 'lantern', offset: 200 }),
    'search "gift" (16% of products)': search({ q: 'gift' }),
    'search "lantern", GIN path (what a one-word search ran before the term table)': list({
      q: 'lantern',
      sort: s('relevance'),
    }),
    'search "lantern copper" (two words: GIN path)': list({ q: 'lantern copper', sort: s('relevance') }),
    'search "walnut mug" + category': list({ q: 'walnut mug', category: 'bulk-home', sort: s('relevance') }),
    'price range 1000-1500 + price': list({ minPrice: 1000, maxPrice: 1500, sort: s('price') }),
    'inStock + -rating (whole catalog)': list({ inStock: true, sort: s('rating', 'DESC') }),
    'category bulk-home + inStock + -createdAt': list({ category: 'bulk-home', inStock: true }),
    'seller + name': list({ seller, sort: s('name') }),
    'staff, status=all, -createdAt': list({ scope: { kind: 'staff', status: 'all' } }),
    'minRating 4.5 + -sold': list({ minRating: 4.5, sort: s('sold', 'DESC') }),
    'sort name, page 50': list({ sort: s('name'), offset: 980 }),
    'sort -sold': list({ sort: s('sold', 'DESC') }),
    'search "walnut" by price (list path, capped count)': list({ q: 'walnut', sort: s('price') }),
    'product by slug': productDetailSql(slug),
  };
  // Keyset pages (a `cursor`) 5,000 rows deep, for every sort and with filters: the key is the
  // cursor_key of the 5,000th row of the same list, as a cursor would carry it.
  const keysetCases = {
    'cursor, price, 5,000 deep': { sort: s('price') },
    'cursor, -price, 5,000 deep': { sort: s('price', 'DESC') },
    'cursor, name, 5,000 deep': { sort: s('name') },
    'cursor, -createdAt (default), 5,000 deep': { sort: s('createdAt', 'DESC') },
    'cursor, -rating, 5,000 deep': { sort: s('rating', 'DESC') },
    'cursor, -sold, 5,000 deep': { sort: s('sold', 'DESC') },
    'cursor, category bulk-home + price, 5,000 deep': { category: 'bulk-home', sort: s('price') },
    'cursor, seller + -createdAt, 5,000 deep': { seller, sort: s('createdAt', 'DESC') },
    'cursor, price range 1000-1500 + price, 5,000 deep': { minPrice: 1000, maxPrice: 1500, sort: s('price') },
    'cursor backward (prevCursor), price, 5,000 deep': { sort: s('price'), backward: true },
    'cursor, price then -name (mixed directions), 5,000 deep': {
      sort: [
        { key: 'price', direction: 'ASC' },
        { key: 'name', direction: 'DESC' },
      ],
    },
  };
  for (const [name, { backward, ...over }] of Object.entries(keysetCases)) {
    const at = list({ ...over, limit: 1, offset: 5000 });
    const [result] = (await db.query(at.text, at.values)).rows;
    const row = result.items?.[0]; // the page's items as one JSON array since issue 12
    if (!row?.cursor_key) continue; // an older build without cursors, or a list shorter than 5,000
    cases[name] = list({ ...over, keyset: { key: row.cursor_key, backward: backward ?? false } });
  }
  for (const [name, stmt] of Object.entries(cases)) {
    for (let i = 0; i < 3; i++) await db.query(stmt.text, stmt.values); // warm (unnamed: a custom plan each time)
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${stmt.text}`, stmt.values);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const time = plan.find((l) => l.startsWith('Execution Time'));
    if (summary) {
      const indexes = [
        ...new Set(
          // "Index [Only] Scan [Backward] using X" and "Bitmap Index Scan on X" (the GIN search index).
          plan
            .join('\n')
            .match(/(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) "?\w+"?/g) ?? [],
        ),
      ];
      const seq = plan.filter((l) => /Seq Scan on (product|product_variant)\b/.test(l)).length;
      console.log(
        `| ${name} | ${time.replace('Execution Time: ', '')} | ${seq ? 'Seq Scan on product, ' : ''}${indexes.map((i) => i.replace(/.* (?:using|on) /, '').replace(/"/g, '')).join(', ')} |`,
      );
    } else {
      console.log(`\n### ${name}\n\n\`\`\`\n${plan.join('\n')}\n\`\`\``);
    }
  }
  await db.end();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
