/**
 * Per-file databases for e2e tests.
 *
 * global-setup.ts creates ONE template database per jest run and applies the real
 * migrations to it. Each test file then calls `createTestDatabase()` which runs
 * `CREATE DATABASE <name> TEMPLATE <template>`: a file-level copy that takes milliseconds,
 * so files run in parallel and never see each other's rows. `drop()` removes it.
 *
 * The server is `DATABASE_URL` when set (e.g. the machine's PostgreSQL), otherwise an
 * embedded PostgreSQL started by global-setup for the whole run.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL_ENV = 'BAZAAR_TEST_ADMIN_URL';
export const TEMPLATE_ENV = 'BAZAAR_TEST_TEMPLATE';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(
  sql: string,
  params: unknown[] = [],
  url = process.env[ADMIN_URL_ENV],
): Promise<T[]> {
  if (!url) throw new Error(`${ADMIN_URL_ENV} is not set: run tests through jest (global-setup.ts)`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return `"${name}"`;
};

export async function createTestDatabase(label = 'e2e'): Promise<TestDatabase> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!adminUrl || !template) throw new Error('test database template missing: run tests through jest');
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `e2e_${slug}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    },
  };
}
