#!/usr/bin/env node
/**
 * Analytics benchmark: ~1,000,000 order lines (300,000 orders over two years, 50 sellers, 2,000
 * products, refunds on 3 % of the orders, a few cancelled and pending orders that must not count),
 * seeded in SQL in a few minutes, the rollups rebuilt (`analytics_rebuild()`, timed), then every
 * analytics route timed for a one-year range in Europe/Berlin, for one seller and for staff.
 * Also product-by-slug throughput with the view hook on and off (this build twice, the second
 * with ANALYTICS_COUNT_VIEWS=false), interleaved on the same database in the same run.
 *
 *   npm run build:api && npm run bench:analytics
 *
 * Env: BENCH_ADMIN_URL (superuser URL; default the embedded PostgreSQL of bench/postgres.js),
 * REQUESTS per endpoint (200), CONCURRENCY (2), ORDERS (300000), SLUG_DURATION (s, 10),
 * SLUG_ROUNDS (3), SLUG_CONNECTIONS (32, as bench/run.js), SLUG=false skips the slug comparison,
 * REBUILD=false skips the timed analytics_rebuild() (the data is already rolled up), ENDPOINTS=false
 * skips the route timings (slug comparison only, both servers fresh).
 */
const { spawn } = require('node:child_process');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const jwt = require('jsonwebtoken');
const { Client } = require('pg');
const { benchPostgres } = require('./postgres');

const ORDERS = Number(process.env.ORDERS ?? 300_000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 2);
const SLUG_DURATION = Number(process.env.SLUG_DURATION ?? 10);
const SLUG_ROUNDS = Number(process.env.SLUG_ROUNDS ?? 3);
const SLUG_CONNECTIONS = Number(process.env.SLUG_CONNECTIONS ?? 32);
const ROOT = join(__dirname, '..');
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const DB = 'bazaar_analytics_bench';

function start(main, port, url, extra = {}) {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: url,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      PAYMENTS_FAKE: 'false',
      JOBS_ENABLED: 'false',
      THROTTLE_ANALYTICS_EXPORT_PER_MINUTE: '1000000',
      THROTTLE_ANALYTICS_EXPORT_PER_ACCOUNT_PER_MINUTE: '1000000',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.on('exit', (code) => code && code !== 143 && console.error(`${main} exited ${code}: ${err}`));
  return child;
}

async function waitFor(url, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function sql(url, text, params) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Everything in SQL, triggers off for the fill (session_replication_role), rollups rebuilt after. */
async function seed(url) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  const step = async (name, text) => {
    const s = Date.now();
    await c.query(text);
    console.log(`  ${name}: ${((Date.now() - s) / 1000).toFixed(1)} s`);
  };
  await c.query(`SET session_replication_role = replica`);
  await c.query('BEGIN');
  await step(
    'users',
    `INSERT INTO "user" (email, name, slug, role, password_hash)
     SELECT 'seller' || i || '@bench.test', 'Seller ' || i, 'bench-seller-' || i, 'seller'::user_role, 'x' FROM generate_series(1, 50) i
     UNION ALL
     SELECT 'buyer' || i || '@bench.test', 'Buyer ' || i, 'bench-buyer-' || i, 'customer'::user_role, 'x' FROM generate_series(1, 60000) i
     UNION ALL SELECT 'staff@bench.test', 'Staff', 'bench-staff', 'staff'::user_role, 'x'`,
  );
  await step(
    'categories',
    `INSERT INTO category (name, slug) SELECT 'Root ' || i, 'bench-root-' || i FROM generate_series(1, 10) i;
     INSERT INTO category (name, slug, parent_id)
     SELECT 'Leaf ' || r.i || '-' || j, 'bench-leaf-' || r.i || '-' || j, c.id
       FROM generate_series(1, 10) r(i) JOIN category c ON c.slug = 'bench-root-' || r.i, generate_series(1, 4) j`,
  );
  await step(
    'products',
    `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price, active)
     SELECT s.id, c.id, 'Bench product ' || i, 'bench-product-' || i, 500 + (i * 37) % 9500, 'USD',
            500 + (i * 37) % 9500, 500 + (i * 37) % 9500, true
       FROM generate_series(1, 2000) i
       JOIN "user" s ON s.slug = 'bench-seller-' || (1 + i % 50)
       JOIN category c ON c.slug = 'bench-leaf-' || (1 + i % 10) || '-' || (1 + (i / 10) % 4)`,
  );
  await c.query(
    `CREATE TEMP TABLE bp AS SELECT row_number() OVER (ORDER BY slug) AS n, id, seller_id, price FROM product WHERE slug LIKE 'bench-product-%'`,
  );
  await c.query(
    `CREATE TEMP TABLE bu AS SELECT row_number() OVER (ORDER BY slug) AS n, id FROM "user" WHERE slug LIKE 'bench-buyer-%'`,
  );
  // Orders: paid over the last two years (a customer's orders spread across it), 1.5 % cancelled and 0.5 % pending.
  await step(
    'orders',
    `INSERT INTO "order" (number, user_id, email, status, currency, subtotal, shipping_fee, total, item_count, shipping_address,
                          provider, paid_at, created_at)
     SELECT 'BZ-B' || i, u.id, 'b@bench.test',
            (CASE WHEN i % 200 < 3 THEN 'cancelled' WHEN i % 200 = 3 THEN 'pending' WHEN i % 3 = 0 THEN 'delivered'
                  WHEN i % 3 = 1 THEN 'shipped' ELSE 'paid' END)::order_status,
            'USD', 0, CASE WHEN i % 4 = 0 THEN 0 ELSE 500 END, CASE WHEN i % 4 = 0 THEN 0 ELSE 500 END, 0, '{}'::jsonb, 'fake',
            CASE WHEN i % 200 < 4 THEN NULL ELSE now() - (i::float8 / ${ORDERS}) * interval '730 days' END,
            now() - (i::float8 / ${ORDERS}) * interval '730 days'
       FROM generate_series(1, ${ORDERS}) i JOIN bu u ON u.n = 1 + (i::bigint * 7919) % 60000`,
  );
  await step(
    'order lines',
    `INSERT INTO order_line (order_id, product_id, seller_id, product_name, sku, quantity, list_price, unit_price, line_total, currency, position)
     SELECT o.id, p.id, p.seller_id, 'Bench product', 'SKU', q, p.price, p.price, p.price * q, 'USD', k
       FROM (SELECT id, substr(number, 5)::int AS i FROM "order" WHERE number LIKE 'BZ-B%') o
       CROSS JOIN LATERAL generate_series(1, 1 + (o.i * 31) % 6) k
       JOIN bp p ON p.n = 1 + ((o.i * 13 + k * 977) % 2000)
       CROSS JOIN LATERAL (SELECT 1 + (o.i + k) % 3 AS q) x`,
  );
  await step(
    'order totals',
    `UPDATE "order" o SET subtotal = s.sub, total = s.sub + o.shipping_fee, item_count = s.units
       FROM (SELECT order_id, sum(line_total) AS sub, sum(quantity) AS units FROM order_line GROUP BY order_id) s
      WHERE s.order_id = o.id AND o.number LIKE 'BZ-B%'`,
  );
  // Refunds on 3 % of the counted orders: a third full, the rest one unit of the first line plus 100 not tied to a line.
  await step(
    'refunds',
    `CREATE TEMP TABLE ro AS
       SELECT o.id, o.total, o.paid_at, substr(o.number, 5)::int AS i FROM "order" o
        WHERE o.number LIKE 'BZ-B%' AND o.paid_at IS NOT NULL AND substr(o.number, 5)::int % 100 IN (7, 42, 77);
     INSERT INTO payment (order_id, provider, reference, status, amount, currency)
       SELECT id, 'fake', 'bench-' || i, 'succeeded', total, 'USD' FROM ro;
     INSERT INTO refund (order_id, payment_id, status, amount, currency, completed_at)
       SELECT ro.id, p.id, 'succeeded',
              CASE WHEN ro.i % 3 = 0 THEN ro.total ELSE l.unit_price + 100 END, 'USD',
              least(ro.paid_at + ((ro.i % 20) + 1) * interval '1 day', now())
         FROM ro JOIN payment p ON p.order_id = ro.id
         JOIN order_line l ON l.order_id = ro.id AND l.position = 1;
     INSERT INTO refund_line (refund_id, order_line_id, quantity, amount)
       SELECT r.id, l.id, CASE WHEN ro.i % 3 = 0 THEN l.quantity ELSE 1 END,
              CASE WHEN ro.i % 3 = 0 THEN l.line_total ELSE l.unit_price END
         FROM refund r JOIN ro ON ro.id = r.order_id JOIN order_line l ON l.order_id = ro.id
        WHERE ro.i % 3 = 0 OR l.position = 1;
     UPDATE "order" o SET status = CASE WHEN ro.i % 3 = 0 THEN 'refunded' ELSE 'partially_refunded' END::order_status
       FROM ro WHERE ro.id = o.id`,
  );
  await c.query('COMMIT');
  await c.query(`SET session_replication_role = origin`);
  await c.query('ANALYZE');
  console.log(`  fill total: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await c.end();
}

/**
 * A year of views for a quarter of the products, in four 15-minute slots a day, written to the
 * three grains and levels the way analytics_add_views() does.
 */
async function seedViews(url) {
  const nil = `'00000000-0000-0000-0000-000000000000'::uuid`;
  const grains = {
    slot: `date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')`,
    day: `date_trunc('day', at, 'UTC')`,
    month: `date_trunc('month', at, 'UTC')`,
  };
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `CREATE TEMP TABLE bv ON COMMIT DROP AS
       SELECT p.seller_id, p.id AS product_id, d + s.o AS at, 1 + (p.n * 17 + extract(doy FROM d)::int + s.k) % 10 AS views
         FROM (SELECT row_number() OVER (ORDER BY slug) AS n, id, seller_id FROM product WHERE slug LIKE 'bench-product-%') p,
              generate_series(date_trunc('day', now() - interval '365 days', 'UTC'), now() - interval '1 day', interval '1 day') d,
              (VALUES (1, interval '3 hours'), (2, interval '9 hours 15 minutes'), (3, interval '14 hours 30 minutes'),
                      (4, interval '22 hours 45 minutes')) s(k, o)
        WHERE p.n % 4 = 0`,
    );
    for (const [grain, bucket] of Object.entries(grains))
      await c.query(
        `INSERT INTO analytics_view_${grain} (seller_id, product_id, bucket, views)
         SELECT seller_id, product_id, ${bucket}, sum(views) FROM bv GROUP BY 1, 2, 3
         UNION ALL SELECT seller_id, ${nil}, ${bucket}, sum(views) FROM bv GROUP BY 1, 3
         UNION ALL SELECT ${nil}, ${nil}, ${bucket}, sum(views) FROM bv GROUP BY 3
         ORDER BY 1, 2, 3`,
      );
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(url, token) {
  const latencies = [];
  let status = 0;
  let i = 0;
  const worker = async () => {
    while (i < REQUESTS) {
      i += 1;
      const t = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      status = res.status;
    }
  };
  // Warm-up (plans, connections), not counted.
  for (let w = 0; w < 5; w++)
    await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  return {
    status,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

function slugRun(url, duration = SLUG_DURATION) {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: SLUG_CONNECTIONS, duration }, (err, r) =>
      err ? reject(err) : resolve(r),
    ),
  );
}

async function main() {
  const pg = await benchPostgres();
  const exists = await sql(pg.adminUrl, `SELECT 1 FROM pg_database WHERE datname = $1`, [DB]);
  if (!exists.length) await sql(pg.adminUrl, `CREATE DATABASE ${DB}`);
  const u = new URL(pg.adminUrl);
  u.pathname = `/${DB}`;
  const url = u.toString();
  const app = start(join(ROOT, 'dist', 'main.js'), 3110, url);
  const children = [app];
  try {
    await waitFor('http://127.0.0.1:3110/health/live').catch(() =>
      waitFor('http://127.0.0.1:3110/api/v1/products?perPage=1'),
    );
    const [{ n }] = await sql(url, `SELECT count(*)::int AS n FROM "order" WHERE number LIKE 'BZ-B%'`);
    if (n < ORDERS) {
      console.log(`seeding ${ORDERS} orders`);
      await seed(url);
    }
    const [{ v }] = await sql(url, `SELECT count(*)::int AS v FROM analytics_view_slot`);
    if (!v) await seedViews(url);
    const [counts] = await sql(
      url,
      `SELECT (SELECT count(*) FROM order_line)::int AS lines, (SELECT count(*) FROM "order")::int AS orders,
              (SELECT count(*) FROM refund WHERE status = 'succeeded')::int AS refunds,
              (SELECT count(*) FROM product)::int AS products, (SELECT count(DISTINCT seller_id) FROM order_line)::int AS sellers`,
    );
    console.log('data:', counts);
    let rebuildMs = null;
    if (process.env.REBUILD !== 'false') {
      const r0 = Date.now();
      await sql(url, `SELECT analytics_rebuild()`);
      rebuildMs = Date.now() - r0;
      console.log(`analytics_rebuild(): ${(rebuildMs / 1000).toFixed(1)} s, load ${loadavg()[0].toFixed(1)}`);
    }
    // What autovacuum does on a live shop: the visibility map lets the covering indexes be read index-only.
    await sql(url, 'VACUUM (ANALYZE)');

    const [seller] = await sql(url, `SELECT id FROM "user" WHERE slug = 'bench-seller-7'`);
    const [staff] = await sql(url, `SELECT id FROM "user" WHERE slug = 'bench-staff'`);
    const [product] = await sql(
      url,
      `SELECT id, slug FROM product WHERE seller_id = $1 ORDER BY slug LIMIT 1`,
      [seller.id],
    );
    const token = (id, role) =>
      jwt.sign({ sub: id, role, typ: 'access' }, SECRET, { algorithm: 'HS256', expiresIn: 3600 });
    const who = { seller: token(seller.id, 'seller'), staff: token(staff.id, 'staff') };
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const q = `from=${from}&to=${to}&tz=Europe/Berlin`;
    const endpoints = [
      ['summary', `/analytics/summary?${q}`],
      ['sales day', `/analytics/sales?${q}&interval=day`],
      ['sales week', `/analytics/sales?${q}&interval=week`],
      ['sales month', `/analytics/sales?${q}&interval=month`],
      ['sales quarter', `/analytics/sales?${q}&interval=quarter`],
      ['sales year', `/analytics/sales?${q}&interval=year`],
      ['sales day + previous_year', `/analytics/sales?${q}&interval=day&compare=previous_year`],
      ['top-products by revenue', `/analytics/top-products?${q}&by=revenue&limit=10`],
      ['top-products by views', `/analytics/top-products?${q}&by=views&limit=10`],
      ['products/:id', `/analytics/products/${product.id}?${q}&interval=week`],
      ['categories (roots)', `/analytics/categories?${q}&roots=true`],
      ['export.csv sales', `/analytics/export.csv?${q}&report=sales`],
    ];
    const rows = [];
    for (const [name, path] of process.env.ENDPOINTS === 'false' ? [] : endpoints)
      for (const role of ['seller', 'staff']) {
        const r = await time(`http://127.0.0.1:3110/api/v1${path}`, who[role]);
        rows.push({ name, role, ...r, load: loadavg()[0] });
        console.log(
          `${name.padEnd(28)} ${role.padEnd(6)} ${r.status} p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} p99 ${r.p99.toFixed(1)} ms  load ${loadavg()[0].toFixed(1)}`,
        );
      }

    let slug = null;
    if (process.env.SLUG !== 'false') {
      const off = start(join(ROOT, 'dist', 'main.js'), 3111, url, { ANALYTICS_COUNT_VIEWS: 'false' });
      children.push(off);
      const path = `/api/v1/products/${product.slug}`;
      await waitFor(`http://127.0.0.1:3111${path}`);
      const sides = [
        ['off', 3111],
        ['on', 3110],
      ];
      for (const [, port] of sides) await slugRun(`http://127.0.0.1:${port}${path}`, 2); // warm-up
      const best = { off: 0, on: 0 };
      for (let round = 0; round < SLUG_ROUNDS; round++)
        for (const [k, port] of round % 2 ? [...sides].reverse() : sides) {
          const r = await slugRun(`http://127.0.0.1:${port}${path}`);
          best[k] = Math.max(best[k], r.requests.average);
          console.log(
            `slug views ${k} round ${round + 1}: ${r.requests.average} req/s p99 ${r.latency.p99} ms, load ${loadavg()[0].toFixed(1)}`,
          );
        }
      slug = { ...best, ratio: best.on / best.off };
      console.log(
        `product by slug: view hook off ${best.off} req/s, on ${best.on} req/s (${(slug.ratio * 100).toFixed(1)} %)`,
      );
    }
    console.log(
      `machine: ${cpus().length} x ${cpus()[0].model}, node ${process.version}, PostgreSQL ${pg.version}`,
    );
    console.log(JSON.stringify({ counts, rebuildMs, rows, slug, load: loadavg() }));
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
