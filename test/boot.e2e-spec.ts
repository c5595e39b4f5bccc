import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/database/embedded-postgres.server';
import { canReach } from '../src/database/embedded-postgres.layout';
import { MAIN, spawnApp, waitForStatus } from './support/spawn-app';

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

  /** `ctrlC`: stop it as a terminal's Ctrl-C does, with SIGINT to its whole process group. */
  async function bootAndStop({
    ctrlC = false,
    ...options
  }: { uid?: number; gid?: number; main?: string; ctrlC?: boolean } = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-boot-'));
    dirs.push(dataDir);
    if (options.uid !== undefined) {
      chmodSync(dataDir, 0o755);
      chownSync(dataDir, options.uid, options.gid!);
    }
    const port = await freePort();
    const app = spawnApp(
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'info' },
      { ...options, detached: ctrlC },
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
      if (ctrlC) process.kill(-app.child.pid!, 'SIGINT');
      else app.child.kill('SIGTERM');
      await waitFor(() => app.output().includes(`${ctrlC ? 'SIGINT' : 'SIGTERM'} received: draining`));
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

  // Stopped by a terminal's Ctrl-C this time: SIGINT to the whole process group. The app keeps
  // PostgreSQL out of its group, or the in-flight login would find the database gone.
  it('boots as a non-root user too, and Ctrl-C in its terminal drains the same way (PostgreSQL stops last)', async () => {
    // As root (CI), run the server as `nobody`; otherwise the first test already ran unprivileged.
    if (process.getuid?.() !== 0) return bootAndStop({ ctrlC: true });
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
    const user = { name: 'nobody', uid, gid };
    const checkout = resolve(dirname(MAIN), '..');
    if (canReach(dirname(MAIN), user) && canReach(realpathSync(join(checkout, 'node_modules')), user))
      return bootAndStop({ uid, gid, ctrlC: true });
    // A checkout in a private folder (root's 0700 home, mktemp -d): nobody cannot read it. Run the
    // same build from a hard-linked mirror nobody can reach (links, not copies, where it can).
    const mirror = mkdtempSync(join(tmpdir(), 'bazaar-mirror-'));
    dirs.push(mirror);
    chmodSync(mirror, 0o755);
    for (const part of ['package.json', 'dist', 'node_modules', join('admin', 'dist')]) {
      if (!existsSync(join(checkout, part))) continue;
      mkdirSync(dirname(join(mirror, part)), { recursive: true });
      const [from, to] = [realpathSync(join(checkout, part)), join(mirror, part)];
      try {
        execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
      } catch {
        rmSync(to, { recursive: true, force: true });
        execFileSync('cp', ['-a', from, to]); // another filesystem: no hard links across it
      }
    }
    await bootAndStop({ uid, gid, ctrlC: true, main: join(mirror, 'dist', 'main.js') });
  });

  it('a DATA_DIR in a private folder: as root the cluster moves where postgres can reach it (one log line), and keeps its data', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bazaar-private-')); // 0700, like root's home
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const boot = async () => {
      const port = await freePort();
      const app = spawnApp({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false' });
      let running = true;
      void app.exited.then(() => (running = false));
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 60_000, () => running);
      const [, clusterDir] = /embedded PostgreSQL running (?:as user postgres )?with data in ([^\s"]+)/.exec(
        app.output(),
      )!;
      const stop = async () => {
        app.child.kill('SIGTERM');
        expect(await app.exited).toBe(0);
      };
      return { app, clusterDir, stop };
    };
    const sql = async (clusterDir: string, text: string) => {
      const pgPort = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
      const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
      const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password });
      await client.connect();
      try {
        return (await client.query(text)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };

    const first = await boot();
    const asRoot = process.getuid?.() === 0;
    try {
      if (asRoot) {
        expect(first.clusterDir).toMatch(/^\/var\/lib\/bazaar\/clusters\/[0-9a-f]{16}\/postgres$/);
        expect(first.app.output()).toContain(`(that user cannot reach DATA_DIR=${dataDir})`);
        expect(statSync(parent).mode & 0o777).toBe(0o700); // the private folder was left as it was
      } else {
        expect(first.clusterDir).toBe(join(dataDir, 'postgres')); // nothing moves for other users
      }
      await sql(first.clusterDir, `INSERT INTO category (name, slug) VALUES ('Kept', 'kept')`);
      await first.stop();

      const second = await boot();
      expect(second.clusterDir).toBe(first.clusterDir);
      expect(await sql(second.clusterDir, `SELECT slug FROM category WHERE slug = 'kept'`)).toHaveLength(1);
      await second.stop();

      // A new DATA_DIR at the same path starts afresh, as it would with the cluster inside it.
      rmSync(dataDir, { recursive: true, force: true });
      const third = await boot();
      expect(third.clusterDir).toBe(first.clusterDir);
      if (asRoot)
        expect(third.app.output()).toContain(
          `removed ${first.clusterDir}: it belonged to an earlier DATA_DIR`,
        );
      expect(await sql(third.clusterDir, `SELECT slug FROM category WHERE slug = 'kept'`)).toHaveLength(0);
      await third.stop();
    } finally {
      if (asRoot) {
        rmSync(dirname(first.clusterDir), { recursive: true, force: true });
        // And the folders above it, if this test made them (rmdir leaves anything else's alone).
        for (const dir of [dirname(dirname(first.clusterDir)), dirname(dirname(dirname(first.clusterDir)))])
          try {
            rmdirSync(dir);
          } catch {
            // not empty: in use
          }
      }
    }
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

  it('an embedded server that cannot start stops the process with one line saying what to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-notempty-'));
    dirs.push(dataDir);
    // Not a cluster, and not empty: initdb refuses it.
    mkdirSync(join(dataDir, 'postgres'));
    writeFileSync(join(dataDir, 'postgres', 'notes.txt'), 'mine');
    const app = spawnApp({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await app.exited).toBe(1);
    const output = app.output().trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(
      /^The embedded PostgreSQL in \S+ did not start: initdb failed \(exit code 1\) \(PostgreSQL said: .*exists but is not empty.*\)\. Fix that, or set DATABASE_URL to use another PostgreSQL\.$/,
    );
  });

  it('a bad setting stops the process with one line naming the key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-cfg-'));
    dirs.push(dataDir);
    const app = spawnApp({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535 (got "abc")',
    );
  });
});
