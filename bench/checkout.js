#!/usr/bin/env node
/**
 * Checkout throughput: checkouts per second with 32 concurrent buyers, against the built server
 * (dist/main.js, `npm run build:api`) running as its own process, exactly as `npm start` does.
 *
 *   node bench/checkout.js [--buyers 4000] [--connections 32] [--products 200] [--lines 2] [--pool 10] [--keep]
 *
 * 1. creates a fresh database `bazaar_bench_checkout` on BENCH_ADMIN_URL, or on an embedded PostgreSQL
 *    kept in bench/.data when unset (bench/postgres.js),
 * 2. boots the server on it (migrations run at boot), PAYMENTS_FAKE=true, LOG_LEVEL=warn,
 * 3. writes N buyers and their carts straight in SQL (each cart holds `--lines` random products),
 *    and signs each buyer an access token with the server's JWT secret,
 * 4. fires POST /checkout once per buyer with autocannon (`--connections` at a time),
 * 5. checks the books: orders == 201 answers, stock + units sold == initial stock, no negative stock.
 *
 * Two scenarios: "spread" (carts over `--products` products, large stock: row contention only
 * when two buyers share a product) and "hot" (every buyer takes one unit of the same product:
 * all checkouts serialise on one variant row, the worst case).
 */
const { spawn } = require('node:child_process');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { loadavg } = require('node:os');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const jwt = require('jsonwebtoken');
const { Client } = require('pg');
const { adminQuery, backendCpuMs, benchPostgres, cpuMs, databaseUrl } = require('./postgres');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BUYERS = Number(arg('buyers', 4000));
const CONNECTIONS = Number(arg('connections', 32));
const PRODUCTS = Number(arg('products', 200));
const LINES = Number(arg('lines', 2));
const POOL = arg('pool', '10');
const KEEP = process.argv.includes('--keep');
let ADMIN_URL; // set in main() from bench/postgres.js
const DIST = process.env.BAZAAR_DIST ?? join(__dirname, '..', 'dist');
// BENCH_CHECKOUT_DB: another name when several people bench on one shared PostgreSQL (it is dropped and re-created).
const DB = process.env.BENCH_CHECKOUT_DB ?? 'bazaar_bench_checkout';
const SECRET = randomBytes(32).toString('hex');
const STOCK = 10_000_000;

const dbUrl = (name) => databaseUrl(ADMIN_URL, name);

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const admin = (sql) => adminQuery(ADMIN_URL, sql);

async function startServer(port) {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.data/prof" profiles the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, 'main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl(DB),
      DATABASE_POOL_SIZE: POOL,
      JWT_SECRET: SECRET,
      PAYMENTS_FAKE: 'true',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: join(__dirname, '.data', 'checkout'),
      // Every buyer checks out from 127.0.0.1: the per-IP checkout limit must not cut the run short.
      THROTTLE_CHECKOUT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited during boot');
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return { child, base };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

/** Catalog + N buyers with carts, in SQL. Returns buyer tokens and the variant ids of the scenario. */
async function prepare(db, scenario) {
  await db.query(`TRUNCATE cart, "order", payment, payment_event RESTART IDENTITY CASCADE`);
  await db.query(`DELETE FROM product_variant`);
  await db.query(`DELETE FROM product`);
  await db.query(`DELETE FROM "user"`);
  const [{ id: seller }] = (
    await db.query(
      `INSERT INTO "user" (email, name, slug, role, password_hash) VALUES ('seller@bench.test', 'Seller', 'seller', 'seller', 'x') RETURNING id`,
    )
  ).rows;
  const [{ id: category }] = (
    await db.query(
      `INSERT INTO category (name, slug) VALUES ('Bench', 'bench') ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    )
  ).rows;
  const products = scenario === 'hot' ? 1 : PRODUCTS;
  await db.query(
    `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price)
     SELECT $1, $2, 'Bench product ' || i, 'bench-product-' || i, 1000 + i, 'USD', 1000 + i, 1000 + i FROM generate_series(1, $3) AS i`,
    [seller, category, products],
  );
  await db.query(
    `INSERT INTO product_variant (product_id, sku, stock) SELECT id, 'BENCH-' || slug, $1 FROM product`,
    [STOCK],
  );
  await db.query(
    `INSERT INTO "user" (email, name, slug, role, password_hash)
     SELECT 'buyer' || i || '@bench.test', 'Buyer ' || i, 'buyer-' || i, 'customer', 'x' FROM generate_series(1, $1) AS i`,
    [BUYERS],
  );
  await db.query(`INSERT INTO cart (user_id) SELECT id FROM "user" WHERE role = 'customer'`);
  const lines = scenario === 'hot' ? 1 : LINES;
  // Each cart: `lines` distinct random products, quantity 1-3 (hot: one unit of the one product).
  await db.query(
    `INSERT INTO cart_item (cart_id, product_id, variant_id, quantity)
     SELECT c.id, v.product_id, v.id, CASE WHEN $2::bool THEN 1 ELSE 1 + floor(random() * 3)::int END
       FROM cart c
       CROSS JOIN LATERAL (SELECT v.id, v.product_id FROM product_variant v WHERE c.id IS NOT NULL ORDER BY random() LIMIT $1) v`,
    [lines, scenario === 'hot'],
  );
  await db.query('ANALYZE');
  const users = (await db.query(`SELECT id FROM "user" WHERE role = 'customer' ORDER BY random()`)).rows;
  const tokens = users.map((u) =>
    jwt.sign({ sub: u.id, role: 'customer', typ: 'access' }, SECRET, { algorithm: 'HS256', expiresIn: '2h' }),
  );
  const [{ units }] = (await db.query(`SELECT sum(quantity)::int AS units FROM cart_item`)).rows;
  return { tokens, units, products };
}

async function run(base, tokens) {
  let next = 0;
  const body = JSON.stringify({
    provider: 'fake',
    shippingAddress: {
      firstName: 'Bench',
      lastName: 'Buyer',
      email: 'bench@example.test',
      phone: '+1 555 123 4567',
      addressLine: '1 Load Street',
      city: 'Lagos',
      state: 'Lagos',
      postalCode: '100001',
      country: 'NG',
    },
  });
  const statuses = {};
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    pipelining: 1,
    amount: tokens.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/checkout',
        body,
        setupRequest: (req) => ({
          ...req,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[next++ % tokens.length]}`,
          },
        }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { result, statuses };
}

async function books(db, initialUnits, products) {
  const [row] = (
    await db.query(
      `
      SELECT (SELECT count(*)::int FROM "order") AS orders,
             (SELECT coalesce(sum(quantity), 0)::int FROM order_line) AS sold,
             (SELECT coalesce(sum($1::bigint - stock), 0)::int FROM product_variant) AS taken,
             (SELECT count(*)::int FROM product_variant WHERE stock < 0) AS negative,
             (SELECT count(*)::int FROM cart_item) AS left_in_carts`,
      [STOCK],
    )
  ).rows;
  return { ...row, initialUnits, products };
}

async function main() {
  const pg = await benchPostgres();
  ADMIN_URL = pg.adminUrl;
  console.log(JSON.stringify({ postgres: pg.version, embedded: Boolean(pg.embedded) }));
  try {
    await measure();
  } finally {
    await pg.stop();
  }
}

async function measure() {
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const port = await freePort();
  const { child, base } = await startServer(port);
  const db = new Client({ connectionString: dbUrl(DB) });
  await db.connect();
  const report = [];
  try {
    for (const scenario of ['spread', 'hot']) {
      const { tokens, units, products } = await prepare(db, scenario);
      // CPU per order, Node (the server process) and PostgreSQL (every backend of this database:
      // the pool's, which may open during the run, and ours) apart: steadier than orders/s on a busy machine.
      const node0 = cpuMs(child.pid);
      const pg0 = await backendCpuMs(ADMIN_URL, DB);
      const { result, statuses } = await run(base, tokens);
      const node1 = cpuMs(child.pid);
      const pg1 = await backendCpuMs(ADMIN_URL, DB);
      const pgMs = [...pg1].reduce((sum, [pid, ms]) => sum + ms - (pg0.get(pid) ?? 0), 0);
      const check = await books(db, units, products);
      const ok = statuses[201] ?? 0;
      const line = {
        scenario,
        buyers: tokens.length,
        connections: CONNECTIONS,
        linesPerCart: scenario === 'hot' ? 1 : LINES,
        products,
        checkoutsPerSec: Math.round((ok / (result.duration || 1)) * 10) / 10,
        avgReqPerSec: result.requests.average,
        cpuUsPerOrder:
          node0 === null || !(statuses[201] > 0)
            ? null
            : {
                node: Math.round(((node1 - node0) * 1000) / statuses[201]),
                postgres: Math.round((pgMs * 1000) / statuses[201]),
              },
        load: loadavg().map((l) => Math.round(l * 10) / 10),
        latencyMs: {
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
        },
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
        durationSec: result.duration,
        books: check,
        consistent:
          check.orders === ok && check.sold === check.taken && check.negative === 0 && check.sold === units,
      };
      report.push(line);
      console.log(JSON.stringify(line));
    }
  } finally {
    await db.end();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (!KEEP) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
  if (report.some((r) => !r.consistent)) {
    throw new Error('INCONSISTENT BOOKS');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
