import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV } from './test-database';

/** Drops this run's template database and stops the embedded server, if one was started. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (template && process.env[ADMIN_URL_ENV]) {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
  await globalThis.__BAZAAR_TEST_PG__?.stop();
}
