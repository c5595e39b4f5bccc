import { adminQuery } from './support/test-database';
import { createTestApp, TestApp } from './support/test-app';

/** Readiness when the database goes away: 503 with "database unreachable", never the driver's words. */
describe('health: database unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('health');
  });
  afterAll(() => t.close());

  it('answers 503 "database unreachable" to anonymous callers, and is ready again when it is back', async () => {
    expect((await t.http.get('/health/ready')).status).toBe(200);
    const name = t.db.name;
    // Refuse new connections to this file's database and cut the pool's existing ones.
    await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await adminQuery(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(ready.body.details).toEqual({
        database: { status: 'down', message: 'database unreachable' },
        migrations: { status: 'down', message: 'database unreachable' },
      });
      // Nothing of what the server said: the database name, "accepting connections", "terminat…".
      expect(ready.text).not.toContain(name);
      expect(ready.text).not.toMatch(/connection|terminat|postgres/i);
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });
});
