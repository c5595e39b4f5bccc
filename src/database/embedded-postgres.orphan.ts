import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Who owns a running embedded cluster, and what to do with one whose owner is gone.
 *
 * The app spawns the postmaster itself, so while the app lives the postmaster's parent is the app.
 * `postgres.owner` beside the cluster records `{app, postmaster}` pids once the server is ready.
 * When the app dies without its shutdown hooks (kill -9, the OOM killer) the postmaster is
 * re-parented (to init or a subreaper) and keeps running: its parent is then no longer the
 * recorded app. That test needs no start times and cannot be fooled by a reused app pid.
 */
export interface OwnerRecord {
  app: number;
  postmaster: number;
}

export interface ProcessInfo {
  /** Exited but not reaped: counts as gone. */
  zombie: boolean;
  /** Undefined when the process table cannot be read (e.g. /proc mounted with hidepid). */
  ppid?: number;
  argv?: string[];
}

export type ClusterState =
  | { kind: 'free' }
  /** postmaster.pid names a live process that is not this cluster's postmaster (pid reused after a power cut). */
  | { kind: 'stale-lock'; pid: number }
  | { kind: 'live'; pid: number }
  | { kind: 'orphan'; pid: number; app: number };

export function ownerFile(home: string): string {
  return join(home, 'postgres.owner');
}

export async function writeOwner(home: string, owner: OwnerRecord): Promise<void> {
  await writeFile(ownerFile(home), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
}

export async function removeOwner(home: string): Promise<void> {
  await rm(ownerFile(home), { force: true });
}

export function readOwner(home: string): OwnerRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(ownerFile(home), 'utf8')) as Partial<OwnerRecord>;
    if (Number.isInteger(parsed.app) && Number.isInteger(parsed.postmaster))
      return { app: parsed.app!, postmaster: parsed.postmaster! };
  } catch {
    // missing or unreadable: no owner known
  }
  return undefined;
}

/** The pid PostgreSQL wrote on the first line of `<cluster>/postmaster.pid`, if the file is there. */
export function lockPid(clusterDir: string): number | undefined {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** `/proc/<pid>/stat` → parent pid and state (the command name may hold spaces and parentheses). */
export function parseProcStat(stat: string): { ppid: number; state: string } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]) };
}

/** A live process's parent, state and argv; undefined when there is no such process. */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!isAlive(pid)) return undefined;
  if (existsSync('/proc/self/stat')) {
    try {
      const { ppid, state } = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      return { ppid, zombie: state === 'Z', argv };
    } catch {
      return isAlive(pid) ? { zombie: false } : undefined;
    }
  }
  try {
    const out = execFileSync('ps', ['-o', 'ppid=,stat=,command=', '-p', String(pid)], {
      encoding: 'utf8',
    }).trim();
    const [ppid, stat, ...argv] = out.split(/\s+/);
    return { ppid: Number(ppid), zombie: stat.startsWith('Z'), argv };
  } catch {
    return isAlive(pid) ? { zombie: false } : undefined;
  }
}

/** True for `…/postgres -D <clusterDir> …` (the postmaster keeps its command line; backends retitle). */
export function isPostmasterOf(argv: string[], clusterDir: string): boolean {
  if (!argv.length || !basename(argv[0]).startsWith('postgres')) return false;
  const d = argv.indexOf('-D');
  return d >= 0 && argv[d + 1] === clusterDir;
}

/** What is running on `clusterDir` now, judged from postmaster.pid, the process table and the owner record. */
export function clusterState(clusterDir: string, home: string): ClusterState {
  const pid = lockPid(clusterDir);
  if (pid === undefined) return { kind: 'free' };
  const postmaster = processInfo(pid);
  // A dead pid is a stale lock PostgreSQL handles itself; a zombie still answers kill(pid, 0), which
  // PostgreSQL would take for a running server.
  if (!postmaster) return { kind: 'free' };
  if (postmaster.zombie) return { kind: 'stale-lock', pid };
  // Only a process we can see and that is something else is taken for a reused pid.
  if (!postmaster.argv || postmaster.ppid === undefined) return { kind: 'live', pid };
  if (!isPostmasterOf(postmaster.argv, clusterDir)) return { kind: 'stale-lock', pid };
  const owner = readOwner(home);
  // No record (or one about another postmaster): we cannot tell who runs it, so we leave it alone.
  if (!owner || owner.postmaster !== pid || postmaster.ppid === owner.app) return { kind: 'live', pid };
  return { kind: 'orphan', pid, app: owner.app };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user (postgres)
  }
}

/** No such process any more, or one that has exited and waits to be reaped. */
export function hasExited(pid: number): boolean {
  const info = processInfo(pid);
  return !info || info.zombie;
}

/** Polls until `pid` has exited (or is a zombie); false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!hasExited(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Stops an orphaned postmaster: SIGINT is PostgreSQL's fast shutdown (open transactions, such as
 * checkouts whose client died with the app, roll back; the cluster is left consistent), then
 * SIGQUIT (immediate shutdown; crash recovery at the next start) if it has not gone in time.
 */
export async function stopOrphan(pid: number): Promise<boolean> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGINT');
  if (await waitForExit(pid, 30_000)) return true;
  signal('SIGQUIT');
  return waitForExit(pid, 10_000);
}
