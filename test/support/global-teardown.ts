import { rm } from 'node:fs/promises';
import { ADMIN_URL_ENV, adminQuery, TEMPLATE_ENV } from './test-database';

/** Drops this run's template database and stops the embedded server (removing its folder), if one was started. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (template && process.env[ADMIN_URL_ENV]) {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
  await globalThis.__BAZAAR_TEST_PG__?.stop();
  // The cluster went with stop(); its password file and owner record go with the folder.
  if (globalThis.__BAZAAR_TEST_PG_DIR__)
    await rm(globalThis.__BAZAAR_TEST_PG_DIR__, { recursive: true, force: true });
}
