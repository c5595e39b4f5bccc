import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres.server';
import { spawnApp, waitForStatus } from './support/spawn-app';
import { ADMIN_URL_ENV, createTestDatabase, withDatabase } from './support/test-database';

const JWT_SECRET = 'boot-config-secret-boot-config-secret-0123';

/**
 * The real process against an external PostgreSQL (DATABASE_URL): boot errors name the key and
 * never print a secret; the demo conveniences are off unless asked for, with a warning when they are.
 */
describe('boot with DATABASE_URL (dist/main.js)', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bazaar-boot-config-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a too-short JWT_SECRET and ADMIN_PASSWORD: one line per key, without their values', async () => {
    const secret = 'short-jwt-Secret';
    const password = 'adm1n-pw';
    const app = spawnApp({
      DATA_DIR: dataDir(),
      JWT_SECRET: secret,
      ADMIN_EMAIL: 'boss@shop.test',
      ADMIN_PASSWORD: password,
    });
    expect(await app.exited).toBe(1);
    expect(app.output().trim().split('\n')).toEqual([
      'Invalid configuration: JWT_SECRET must be at least 32 characters (got 16 characters, not shown)',
      'Invalid configuration: ADMIN_PASSWORD must be at least 10 characters (got 8 characters, not shown)',
    ]);
    expect(app.output()).not.toContain(secret);
    expect(app.output()).not.toContain(password);
  });

  it('a DATA_DIR that is a file: one line naming DATA_DIR, no stack', async () => {
    const file = join(dataDir(), 'not-a-folder');
    writeFileSync(file, '');
    const app = spawnApp({ DATA_DIR: file });
    expect(await app.exited).toBe(1);
    expect(app.output().trim().split('\n')).toEqual([
      `DATA_DIR=${file} cannot hold the generated JWT secret (EEXIST): point DATA_DIR at a writable folder, or set JWT_SECRET`,
    ]);
  });

  it('a DATABASE_URL with a wrong password: one line naming DATABASE_URL and the reason, no password', async () => {
    const server = new URL(process.env[ADMIN_URL_ENV]!);
    const realPassword = decodeURIComponent(server.password);
    server.username = 'postgres';
    server.password = 'Wr0ng-pa55word';
    // A database that does not exist either, so the boot fails even on a server that trusts any password.
    const url = withDatabase(server.toString(), 'no_such_bazaar_db');
    const app = spawnApp({ DATA_DIR: dataDir(), JWT_SECRET, DATABASE_URL: url });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Cannot connect to the database at DATABASE_URL=postgres:\/\/postgres:\*\*\*@[^/]+\/no_such_bazaar_db: (password authentication failed for user "postgres"|database "no_such_bazaar_db" does not exist)$/,
    );
    expect(app.output()).not.toContain('Wr0ng-pa55word');
    if (realPassword) expect(app.output()).not.toContain(realPassword);
    expect(app.output()).not.toContain(JWT_SECRET);
  });

  it('a DATABASE_URL nobody listens on: the same one line, after a few quick retries', async () => {
    const url = `postgres://bazaar:Refused-pa55@127.0.0.1:${await freePort()}/shop`;
    const app = spawnApp({ DATA_DIR: dataDir(), JWT_SECRET, DATABASE_URL: url });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toMatch(
      /^Cannot connect to the database at DATABASE_URL=postgres:\/\/bazaar:\*\*\*@127\.0\.0\.1:\d+\/shop: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
    expect(app.output()).not.toContain('Refused-pa55');
  });

  it('demo conveniences are off with DATABASE_URL unless set; PAYMENTS_FAKE=true is warned about in one line', async () => {
    const db = await createTestDatabase('boot_external');
    const port = await freePort();
    const app = spawnApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir(),
      JWT_SECRET,
      DATABASE_URL: db.url,
      PAYMENTS_FAKE: 'true',
      LOG_LEVEL: 'info',
      JOBS_ENABLED: 'false',
    });
    let running = true;
    void app.exited.then(() => (running = false));
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForStatus(`${base}/health/ready`, 200, 30_000, () => running);
      const warnings = app
        .output()
        .split('\n')
        .filter((line) => line.includes('Demo settings with an external DATABASE_URL'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({
        level: 40,
        msg: 'Demo settings with an external DATABASE_URL: PAYMENTS_FAKE=true (anyone can mark an order paid without paying); unset them outside a demo',
      });
      // The fake provider answers (an unknown payment, not an unknown route) ...
      const fake = await fetch(`${base}/api/v1/payments/fake/pay_unknown`);
      expect(fake.status).toBe(404);
      expect(((await fake.json()) as { message: string }).message).toBe('Payment not found');
      // ... and the demo seed, not asked for, did not run: no demo accounts with known passwords.
      const demo = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'seller@bazaar.test', password: 'seller-demo-123' }),
      });
      expect(demo.status).toBe(401);
      const products = (await (await fetch(`${base}/api/v1/products`)).json()) as { total: number };
      expect(products.total).toBe(0);
      const dbPassword = decodeURIComponent(new URL(db.url).password);
      if (dbPassword) expect(app.output()).not.toContain(dbPassword);
    } finally {
      if (running) app.child.kill('SIGTERM');
      await app.exited;
      await db.drop();
    }
  });
});
