import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres.server';
import { spawnApp, waitForStatus } from './support/spawn-app';

/**
 * The real process, as `npm start` runs it: embedded PostgreSQL when DATABASE_URL is unset,
 * readiness, OpenAPI, config errors, and a clean SIGTERM that releases the database.
 */
describe('boot and shutdown (dist/main.js)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
    const started = Date.now();
    while (!(await condition())) {
      if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const portOpen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });

  async function bootAndStop(options: { uid?: number; gid?: number } = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-boot-'));
    dirs.push(dataDir);
    if (options.uid !== undefined) {
      chmodSync(dataDir, 0o755);
      chownSync(dataDir, options.uid, options.gid!);
    }
    const port = await freePort();
    const app = spawnApp(
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'info' },
      options,
    );
    let running = true;
    void app.exited.then(() => (running = false));
    try {
      const readyAfter = await waitForStatus(
        `http://127.0.0.1:${port}/health/ready`,
        200,
        30_000,
        () => running,
      );
      expect(readyAfter).toBeLessThan(15_000);

      const docs = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(docs.status).toBe(200);
      const spec = (await docs.json()) as {
        openapi: string;
        paths: object;
        components: { securitySchemes: object };
      };
      expect(spec.openapi).toMatch(/^3\./);
      expect(spec.components.securitySchemes).toHaveProperty('bearer');

      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const traced = await fetch(`http://127.0.0.1:${port}/health/live`, {
        headers: { 'x-request-id': 'trace-42' },
      });
      expect(traced.headers.get('x-request-id')).toBe('trace-42');

      const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(true);
      const pgPort = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
      expect(await portOpen(pgPort)).toBe(true);

      // A second server on the same DATA_DIR is refused with one clear line, and the first keeps running.
      const second = spawnApp(
        { PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir },
        options,
      );
      expect(await second.exited).toBe(1);
      expect(second.output().trim()).toMatch(
        /^The embedded PostgreSQL in \S+ is already running \(pid \d+\): another Bazaar uses DATA_DIR=\S+\. Stop it, or give this one its own DATA_DIR or a DATABASE_URL\.$/,
      );
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

      // A request in flight when SIGTERM arrives (headers read, body still coming) is answered,
      // not reset: shutdown drains HTTP before anything else closes.
      const body = JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password-1' });
      const inFlight = createConnection({ port, host: '127.0.0.1' });
      let answer = '';
      inFlight.on('data', (d: Buffer) => (answer += d.toString()));
      const answered = new Promise<void>((resolve, reject) => {
        inFlight.once('end', resolve);
        inFlight.once('error', reject);
      });
      await new Promise((resolve) => inFlight.once('connect', resolve));
      // Expect: 100-continue: the server's interim answer says it has read the headers.
      inFlight.write(
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 10)}`,
      );
      await waitFor(() => answer.startsWith('HTTP/1.1 100 Continue'));
      app.child.kill('SIGTERM');
      await waitFor(() => app.output().includes('SIGTERM received: draining'));
      // The listener closes (no new connections) while the request above is still open.
      await waitFor(async () => !(await portOpen(port)));
      inFlight.write(body.slice(10)); // not end(): a half-closed request socket counts as aborted in Node
      await answered;
      expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);
      expect(answer).toContain('Invalid email or password');
      expect(await app.exited).toBe(0);
      // The embedded PostgreSQL was stopped, not orphaned.
      expect(existsSync(pidFile)).toBe(false);
      expect(await portOpen(pgPort)).toBe(false);
      expect(app.output()).toContain('stopped cleanly');
    } finally {
      if (running) app.child.kill('SIGKILL');
    }
  }

  it('starts on the embedded PostgreSQL, serves ready + OpenAPI, and SIGTERM releases the database', async () => {
    await bootAndStop();
  });

  it('boots as a non-root user too', async () => {
    // As root (CI), run the server as `nobody`; otherwise the first test already ran unprivileged.
    if (process.getuid?.() !== 0) return bootAndStop();
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
    await bootAndStop({ uid, gid });
  });

  it('a client that never finishes its request cannot hold shutdown beyond SHUTDOWN_GRACE_SECONDS', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-grace-'));
    dirs.push(dataDir);
    const port = await freePort();
    const app = spawnApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      SHUTDOWN_GRACE_SECONDS: '1',
    });
    let running = true;
    void app.exited.then(() => (running = false));
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 30_000, () => running);
      const stuck = createConnection({ port, host: '127.0.0.1' });
      const closed = new Promise((resolve) => stuck.once('close', resolve));
      stuck.on('error', () => undefined);
      await new Promise((resolve) => stuck.once('connect', resolve));
      // Expect: 100-continue makes the server say when it has read the headers (no sleeping).
      const continued = new Promise((resolve) => stuck.once('data', resolve));
      stuck.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n{',
      );
      expect(String(await continued)).toMatch(/^HTTP\/1\.1 100 Continue/);
      const started = Date.now();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      await closed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(app.output()).toContain('requests still open after 1s: closing them');
      expect(app.output()).toContain('stopped cleanly');
    } finally {
      if (running) app.child.kill('SIGKILL');
    }
  });

  it('a bad setting stops the process with one line naming the key', async () => {
    const app = spawnApp({ PORT: 'abc', DATA_DIR: mkdtempSync(join(tmpdir(), 'bazaar-cfg-')) });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535 (got "abc")',
    );
  });
});
