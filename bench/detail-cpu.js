#!/usr/bin/env node
/**
 * CPU per product-by-slug statement, PostgreSQL backend and Node (pg client) separately, for two
 * builds interleaved on one connection (steadier than req/s on a shared machine):
 *   BEFORE_DIST=/tmp/old/dist node bench/detail-cpu.js <database url> [slug]
 * Prints, per round, `postgres µs / node µs` per read for `before` and `after` (this checkout's dist).
 * Linux only (reads the backend's CPU time from /proc, so PostgreSQL must run on this machine).
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const builds = { after: require(join(__dirname, '..', 'dist', 'store', 'catalog-sql')) };
if (process.env.BEFORE_DIST) builds.before = require(join(process.env.BEFORE_DIST, 'store', 'catalog-sql'));
const READS = 3000;
const ROUNDS = 4;

async function main() {
  const db = new Client({ connectionString: process.argv[2] });
  await db.connect();
  const slug =
    process.argv[3] ??
    (
      await db.query(
        `SELECT slug FROM product WHERE active AND NOT archived ORDER BY created_at DESC LIMIT 1 OFFSET 500`,
      )
    ).rows[0].slug;
  const [{ pid }] = (await db.query('SELECT pg_backend_pid() AS pid')).rows;
  const backendMs = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, USER_HZ = 100
  };
  const results = Object.fromEntries(Object.keys(builds).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, sql] of Object.entries(builds)) {
      const statement = sql.productDetailSql(slug);
      for (let i = 0; i < 300; i++) await db.query(statement); // warm: prepared, cached
      const pg0 = backendMs();
      const node0 = process.cpuUsage();
      for (let i = 0; i < READS; i++) await db.query(statement);
      const node = process.cpuUsage(node0);
      results[name].push(
        `${Math.round(((backendMs() - pg0) * 1000) / READS)} / ${Math.round((node.user + node.system) / READS)}`,
      );
    }
  }
  console.log(`product ${slug}: postgres µs / node µs per read`, JSON.stringify(results));
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
