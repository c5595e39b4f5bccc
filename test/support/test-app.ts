/**
 * The e2e app factory. Every e2e file does:
 *
 *   let t: TestApp;
 *   beforeAll(async () => { t = await createTestApp('orders'); });
 *   afterAll(() => t.close());
 *
 * and gets the real AppModule, set up by the same `createApp()`/`configureApp()` as
 * production, on its own fresh database cloned from the migrated template
 * (see test-database.ts). `env` overrides configuration keys exactly as the
 * environment would (validated by the same schema). Drive it over HTTP with `t.http`.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { HttpClient } from './http-client';
import { UNTHROTTLED_ENV } from './rate-limits';
import { createTestDatabase, TestDatabase } from './test-database';

/**
 * The whole demo seed (gift shop with images, months of analytics orders, reviews) in a beforeAll:
 * ~10 s on a quiet machine, past a minute when the machine is saturated; the default 60 s hook
 * timeout failed such runs for nothing.
 */
export const DEMO_SEED_TIMEOUT_MS = 180_000;

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  http: HttpClient;
  clock: Clock;
  dataSource: DataSource;
  /** Run SQL directly on this file's database (assertions on state the API does not show). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}, dataDir?: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_ENABLED: 'false',
    PAYMENTS_FAKE: 'true',
    SEED_DEMO: 'false',
    PUBLIC_URL: 'http://shop.test',
    DATABASE_POOL_SIZE: '20',
    ...UNTHROTTLED_ENV,
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...env,
  });
}

export async function createTestApp(label: string, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(label);
  const dataDir = await mkdtemp(join(tmpdir(), `bazaar-${label}-`));
  const config = testConfig(env, dataDir).with({ databaseUrl: db.url });
  let app: NestFastifyApplication;
  try {
    app = await createApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (err) {
    await db.drop();
    throw err;
  }
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    db,
    http: new HttpClient(app),
    clock: app.get(Clock),
    dataSource,
    sql: (query, params) => dataSource.query(query, params),
    close: async () => {
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
