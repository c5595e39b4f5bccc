/**
 * The PostgreSQL the benchmarks run on, so `npm run bench` needs nothing set up by hand:
 * BENCH_ADMIN_URL (a superuser URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) when set,
 * otherwise the same embedded PostgreSQL the app uses, kept under bench/.data between runs
 * (the 100,000-product catalog is seeded once). Needs the build (`npm run build:api`).
 */
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const DIST = process.env.BAZAAR_DIST ?? join(__dirname, '..', 'dist');

/** `{ adminUrl, version, stop() }`. */
async function benchPostgres() {
  if (process.env.BENCH_ADMIN_URL)
    return withVersion({ adminUrl: process.env.BENCH_ADMIN_URL, stop: async () => {} });
  const { startEmbeddedPostgres } = require(`${DIST}/database/embedded-postgres.server`);
  const db = await startEmbeddedPostgres(join(__dirname, '.data', 'embedded'), () => undefined, {
    persistent: true,
  });
  return withVersion({ adminUrl: db.url, stop: () => db.stop(), embedded: true });
}

async function withVersion(pg) {
  return { ...pg, version: await serverVersion(pg.adminUrl) };
}

async function serverVersion(url) {
  const [{ server_version: version }] = await adminQuery(url, 'SHOW server_version');
  return version;
}

function databaseUrl(adminUrl, name) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(adminUrl, sql) {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/**
 * The catalog database for bench/run.js: created if missing, migrated and filled with
 * `products` synthetic products (plus the demo shop) if it holds fewer. Returns its URL.
 */
async function ensureCatalog(adminUrl, name, products) {
  const exists = await adminQuery(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (!exists.length) await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrl(adminUrl, name);
  let have = 0;
  try {
    [{ n: have }] = await adminQuery(url, 'SELECT count(*)::int AS n FROM product');
  } catch {
    // not migrated yet: the seed command migrates
  }
  if (have < products) {
    console.error(`seeding ${products - have} products into ${name} (once; kept for later runs)...`);
    const seed = spawnSync(
      process.execPath,
      [join(DIST, 'database/seed/seed.command.js'), '--products', String(products - have)],
      {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (seed.status !== 0) throw new Error(`seeding failed (exit ${seed.status})`);
  }
  return url;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; null elsewhere). Per
 * request it is far steadier than req/s on a shared machine: neighbours take wall time, not our CPU time.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return null;
  }
}

/** CPU ms so far of every PostgreSQL backend serving `database` (by pid; local server only). */
async function backendCpuMs(adminUrl, database) {
  const rows = await adminQuery(adminUrl, `SELECT pid FROM pg_stat_activity WHERE datname = '${database}'`);
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid) ?? 0]));
}

module.exports = {
  benchPostgres,
  databaseUrl,
  adminQuery,
  ensureCatalog,
  serverVersion,
  cpuMs,
  backendCpuMs,
};
