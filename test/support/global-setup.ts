import 'reflect-metadata';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres, EmbeddedDatabase } from '../../src/database/embedded-postgres.server';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV, withDatabase } from './test-database';

declare global {
  var __BAZAAR_TEST_PG__: EmbeddedDatabase | undefined;
  var __BAZAAR_TEST_PG_DIR__: string | undefined;
}

/** Starts (or picks) PostgreSQL and builds the migrated template database for this run. */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // As root from a checkout other users cannot reach (a 0700 home or mktemp -d), the server
    // runs as `postgres` on a copy of the binaries; the cluster stays in this temp dir.
    const dir = await mkdtemp(join(tmpdir(), 'bazaar-test-'));
    globalThis.__BAZAAR_TEST_PG_DIR__ = dir;
    const pg = await startEmbeddedPostgres(dir, undefined, { persistent: false });
    globalThis.__BAZAAR_TEST_PG__ = pg;
    adminUrl = pg.url;
  }
  const template = `bazaar_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(`CREATE DATABASE "${template}"`, [], adminUrl);
  const templateUrl = withDatabase(adminUrl, template);

  const dataSource = new DataSource(dataSourceOptions(templateUrl));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  // Install pg-boss's schema once, so test files that start the queue don't pay for it.
  const boss = new PgBoss({ connectionString: templateUrl, schema: 'pgboss', max: 2 });
  await boss.start();
  await boss.stop({ graceful: true, wait: true, close: true, timeout: 2000 });

  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
}
