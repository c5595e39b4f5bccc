#!/usr/bin/env node
/**
 * Catalog benchmark: Bazaar (the built app, `node dist/main.js`) against the bare `node:http` + `pg`
 * ceiling (bench/ceiling-server.js) running the same SQL, in the same run, on the same database.
 * Scenarios: list page (category + sort + page 5), search by a word, product by slug. Each
 * scenario is run on both servers back to back (ceiling first, then Bazaar, repeated ROUNDS
 * times and the best round kept for each, so a noisy neighbour second does not decide).
 *
 *   npm run build:api && npm run bench
 *
 * Database: BENCH_DATABASE_URL (already seeded), else `bazaar_bench` on BENCH_ADMIN_URL, else on an
 * embedded PostgreSQL kept in bench/.data; seeded with PRODUCTS (100,000) products on first use.
 * Env: DURATION (s per run, 10), CONNECTIONS (10), ROUNDS (2), APP_LOG_LEVEL (info), OUT (bench/results.json),
 * APP_MAIN (dist/main.js: point it at a patched build to measure a framework change), ONLY (scenario filter).
 */
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { benchPostgres, ensureCatalog, serverVersion } = require('./postgres');

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const LOG_LEVEL = process.env.APP_LOG_LEVEL ?? 'info';
const APP_MAIN = process.env.APP_MAIN ?? 'dist/main.js';
const ROOT = join(__dirname, '..');
const APP_PORT = 3100;
const CEILING_PORT = 3101;

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

function run(url, duration = DURATION) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 }, (err, r) => {
      if (err) return reject(err);
      const bad = r.non2xx + r.errors + r.timeouts;
      resolve({
        rps: r.requests.average,
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
  await db.end();

  const all = [
    {
      name: 'list: category + sort + page 5',
      path: `/api/v1/products?category=${category}&sort=price&page=5&perPage=20`,
    },
    { name: 'list: leaf category, -price', path: `/api/v1/products?category=bulk-kitchen-2-3&sort=-price` },
    { name: 'search by a word', path: `/api/v1/products?q=lantern` },
    { name: 'product by slug', path: `/api/v1/products/${slug}` },
  ];
  // ONLY=slug runs the scenarios whose name contains it (quicker while iterating on one).
  const scenarios = all.filter((s) => !process.env.ONLY || s.name.includes(process.env.ONLY));

  const common = { DATABASE_URL: DB, DATABASE_POOL_SIZE: '10' };
  const ceiling = start('ceiling', ['bench/ceiling-server.js'], { ...common, PORT: String(CEILING_PORT) });
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
  });
  try {
    await Promise.all([
      waitFor(`http://127.0.0.1:${CEILING_PORT}/health/ready`),
      waitFor(`http://127.0.0.1:${APP_PORT}/health/ready`),
    ]);
    const results = [];
    for (const s of scenarios) {
      const urls = {
        ceiling: `http://127.0.0.1:${CEILING_PORT}${s.path}`,
        bazaar: `http://127.0.0.1:${APP_PORT}${s.path}`,
      };
      for (const url of Object.values(urls)) {
        const probe = await fetch(url);
        if (!probe.ok) throw new Error(`${url} answered ${probe.status}: ${await probe.text()}`);
        await run(url, 2); // warm-up: JIT, pools, caches
      }
      const best = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const [server, url] of Object.entries(urls)) {
          const r = await run(url);
          if (!best[server] || r.rps > best[server].rps) best[server] = r;
        }
      }
      const ratio = best.bazaar.rps / best.ceiling.rps;
      results.push({
        scenario: s.name,
        path: s.path,
        ...Object.fromEntries(Object.entries(best).map(([k, v]) => [k, v])),
        ratio,
      });
      console.log(
        `${s.name.padEnd(32)} ceiling ${best.ceiling.rps.toFixed(0).padStart(6)} req/s p50 ${best.ceiling.p50} p99 ${best.ceiling.p99} | ` +
          `bazaar ${best.bazaar.rps.toFixed(0).padStart(6)} req/s p50 ${best.bazaar.p50} p99 ${best.bazaar.p99} | ${(ratio * 100).toFixed(0)}%` +
          (best.ceiling.bad + best.bazaar.bad
            ? `  (non-2xx/errors: ${best.ceiling.bad}/${best.bazaar.bad})`
            : ''),
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
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
