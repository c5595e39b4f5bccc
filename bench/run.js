#!/usr/bin/env node
/**
 * Catalog benchmark: Bazaar (the built app, `node dist/main.js`) against two bare `node:http` +
 * `pg` ceilings in the same run, on the same database: bench/ceiling-server.js runs Bazaar's own
 * SQL (what the framework costs), bench/minimal-server.js the minimal query for the same page
 * (`SELECT id, name, slug, price FROM product ORDER BY price, id LIMIT 20 OFFSET 200`, `... WHERE
 * slug = $1`: what the whole design costs against the physical limit). Scenarios: list 20 by price
 * page 11 (with total), a category list, search by one word (with total), product by slug, add to
 * a guest cart. Each scenario runs on every server back to back, ROUNDS times, best round kept.
 * Search and add-to-cart are compared with the minimal LIST (the issue's targets).
 *
 *   npm run build:api && npm run bench
 *
 * Database: BENCH_DATABASE_URL (already seeded), else `bazaar_bench` on BENCH_ADMIN_URL, else on an
 * embedded PostgreSQL kept in bench/.data; seeded with PRODUCTS (100,000) products on first use.
 * The (price, id) index the minimal query reads is created in the bench database only.
 * Env: DURATION (s per run, 10), CONNECTIONS (32), ROUNDS (2), APP_LOG_LEVEL (info), OUT (bench/results.json),
 * APP_MAIN (dist/main.js: point it at a patched build to measure a framework change; BAZAAR_DIST
 * for the ceiling's SQL of that build), ONLY (scenario filter).
 */
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { benchPostgres, ensureCatalog, serverVersion, cpuMs } = require('./postgres');

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const LOG_LEVEL = process.env.APP_LOG_LEVEL ?? 'info';
const APP_MAIN = process.env.APP_MAIN ?? 'dist/main.js';
const ROOT = join(__dirname, '..');
// BENCH_PORT: the first of the three ports (app, same-SQL ceiling, minimal-query server).
const APP_PORT = Number(process.env.BENCH_PORT ?? 3100);
const CEILING_PORT = APP_PORT + 1;
const MINIMAL_PORT = APP_PORT + 2;

function start(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.on('exit', (code) => code && code !== 143 && console.error(`${name} exited ${code}: ${err}`));
  return child;
}

async function waitFor(url, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `request` (optional): autocannon's per-request setup, for the add-to-cart POSTs. `pid`: the
 * server's process, whose CPU time per request is reported as `cpuUs` (µs).
 */
function run(url, duration = DURATION, request, pid) {
  const cpuBefore = pid ? cpuMs(pid) : null;
  return new Promise((resolve, reject) => {
    const options = { url, connections: CONNECTIONS, duration, pipelining: 1 };
    if (request) options.requests = [request];
    autocannon(options, (err, r) => {
      if (err) return reject(err);
      const bad = r.non2xx + r.errors + r.timeouts;
      const cpuAfter = pid ? cpuMs(pid) : null;
      resolve({
        rps: r.requests.average,
        cpuUs:
          cpuBefore !== null && cpuAfter !== null && r.requests.total
            ? Math.round(((cpuAfter - cpuBefore) * 1000) / r.requests.total)
            : null,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        bad,
      });
    });
  });
}

const PRODUCTS = Number(process.env.PRODUCTS ?? 100_000);

async function main() {
  // BENCH_DATABASE_URL: an already seeded catalog. Otherwise `bazaar_bench` on BENCH_ADMIN_URL or
  // the embedded server, seeded with PRODUCTS products on first use.
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return bench(given, await serverVersion(given));
  const pg = await benchPostgres();
  try {
    await bench(await ensureCatalog(pg.adminUrl, 'bazaar_bench', PRODUCTS), pg.version);
  } finally {
    await pg.stop();
  }
}

async function bench(DB, postgresVersion) {
  const db = new Client({ connectionString: DB });
  await db.connect();
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM product`)).rows;
  const [{ slug }] = (
    await db.query(
      `SELECT slug FROM product WHERE active AND NOT archived ORDER BY created_at DESC LIMIT 1 OFFSET 500`,
    )
  ).rows;
  const [{ category }] = (await db.query(`SELECT slug AS category FROM category WHERE slug = 'bulk-home'`))
    .rows;
  await db.query(`CREATE INDEX IF NOT EXISTS bench_minimal_price_id ON product (price, id)`);
  // Add-to-cart: variants with plenty of stock (each add is 1 unit, to one of many guest carts).
  const cartVariants = (
    await db.query(
      `SELECT v.product_id AS "productId", v.id AS "variantId" FROM product_variant v
         JOIN product p ON p.id = v.product_id JOIN "user" s ON s.id = p.seller_id
        WHERE p.active AND NOT p.archived AND s.active AND v.stock >= 50 AND p.currency = 'USD'
          AND p.customization_options = '[]' ORDER BY v.id LIMIT 500`,
    )
  ).rows;
  await db.end();

  const all = [
    {
      name: 'list: 20 by price, page 11',
      path: `/api/v1/products?sort=price&page=11&perPage=20`,
      minimal: 'list',
    },
    {
      name: 'list: category + price page 5',
      path: `/api/v1/products?category=${category}&sort=price&page=5&perPage=20`,
      minimal: 'list',
    },
    { name: 'search by a word', path: `/api/v1/products?q=lantern`, minimal: 'list' },
    { name: 'product by slug', path: `/api/v1/products/${slug}`, minimal: 'slug' },
    { name: 'add to a guest cart', path: `/api/v1/cart/items`, minimal: 'list', cart: true },
  ];
  const minimalPaths = {
    list: `/api/v1/products?sort=price&page=11&perPage=20`,
    slug: `/api/v1/products/${slug}`,
  };
  // ONLY=slug runs the scenarios whose name contains it (quicker while iterating on one).
  const scenarios = all.filter((s) => !process.env.ONLY || s.name.includes(process.env.ONLY));

  const common = { DATABASE_URL: DB, DATABASE_POOL_SIZE: '10' };
  const ceilingEnv = {
    ...common,
    ...(process.env.BAZAAR_DIST ? { BAZAAR_DIST: process.env.BAZAAR_DIST } : {}),
  };
  const ceiling = start('ceiling', ['bench/ceiling-server.js'], {
    ...ceilingEnv,
    PORT: String(CEILING_PORT),
  });
  const minimal = start('minimal', ['bench/minimal-server.js'], { ...common, PORT: String(MINIMAL_PORT) });
  const app = start('bazaar', [APP_MAIN], {
    ...common,
    NODE_ENV: 'production',
    PORT: String(APP_PORT),
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    PAYMENTS_FAKE: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL,
    DATA_DIR: join(__dirname, '.data'),
    // autocannon searches from one address at hundreds per second: lift the per-IP search limit.
    THROTTLE_SEARCH_PER_MINUTE: '1000000',
    THROTTLE_GUEST_CARTS_PER_MINUTE: '1000000',
    CART_MAX_LINES: '1000',
  });
  try {
    await Promise.all([
      waitFor(`http://127.0.0.1:${CEILING_PORT}/health/ready`),
      waitFor(`http://127.0.0.1:${APP_PORT}/health/ready`),
      waitFor(`http://127.0.0.1:${MINIMAL_PORT}/health/ready`),
    ]);
    // Guest cart tokens minted by the app (a GET /cart without one issues one; nothing is written).
    const tokens = [];
    for (let i = 0; i < 2000; i++)
      tokens.push((await fetch(`http://127.0.0.1:${APP_PORT}/api/v1/cart`)).headers.get('x-cart-token'));
    let next = 0;
    const cartRequest = {
      method: 'POST',
      setupRequest: (req) => {
        const i = next++;
        const v = cartVariants[(i * 7919) % cartVariants.length];
        return {
          ...req,
          headers: { 'content-type': 'application/json', 'x-cart-token': tokens[i % tokens.length] },
          body: JSON.stringify({ ...v, quantity: 1 }),
        };
      },
    };
    const pids = { minimal: minimal.pid, ceiling: ceiling.pid, bazaar: app.pid };
    const results = [];
    for (const s of scenarios) {
      const urls = {
        minimal: `http://127.0.0.1:${MINIMAL_PORT}${minimalPaths[s.minimal]}`,
        ...(s.cart ? {} : { ceiling: `http://127.0.0.1:${CEILING_PORT}${s.path}` }),
        bazaar: `http://127.0.0.1:${APP_PORT}${s.path}`,
      };
      const request = (server) => (s.cart && server === 'bazaar' ? cartRequest : undefined);
      for (const [server, url] of Object.entries(urls)) {
        if (!request(server)) {
          const probe = await fetch(url);
          if (!probe.ok) throw new Error(`${url} answered ${probe.status}: ${await probe.text()}`);
        }
        await run(url, 2, request(server)); // warm-up: JIT, pools, caches
      }
      const best = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const [server, url] of Object.entries(urls)) {
          const r = await run(url, DURATION, request(server), pids[server]);
          if (!best[server] || r.rps > best[server].rps) best[server] = r;
        }
      }
      const ofCeiling = best.ceiling ? best.bazaar.rps / best.ceiling.rps : null;
      const ofMinimal = best.bazaar.rps / best.minimal.rps;
      results.push({ scenario: s.name, path: s.path, ...best, ofCeiling, ofMinimal, load: loadavg() });
      const fmt = (k) =>
        best[k]
          ? `${k} ${best[k].rps.toFixed(0).padStart(5)}/s p50 ${best[k].p50} p99 ${best[k].p99} cpu ${best[k].cpuUs}µs`
          : `${k} -`;
      console.log(
        `${s.name.padEnd(30)} ${fmt('minimal')} | ${fmt('ceiling')} | ${fmt('bazaar')} | ` +
          `of ceiling ${ofCeiling === null ? '-' : `${(ofCeiling * 100).toFixed(0)}%`}, of minimal ${(ofMinimal * 100).toFixed(0)}%` +
          (Object.values(best).some((r) => r.bad)
            ? `  (non-2xx/errors: ${Object.entries(best)
                .map(([k, r]) => `${k} ${r.bad}`)
                .join(', ')})`
            : '') +
          `  load ${loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
      );
    }
    const out = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        postgres: postgresVersion,
      },
      products: n,
      settings: {
        duration: DURATION,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        appLogLevel: LOG_LEVEL,
        appMain: APP_MAIN,
      },
      results,
    };
    writeFileSync(process.env.OUT ?? join(__dirname, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    app.kill('SIGTERM');
    ceiling.kill('SIGTERM');
    minimal.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
