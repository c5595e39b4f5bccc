import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clusterState,
  hasExited,
  isPostmasterOf,
  parseProcStat,
  stopOrphan,
  writeOwner,
} from './embedded-postgres.orphan';

describe('embedded PostgreSQL: owner and orphan detection', () => {
  let home: string;
  let cluster: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'bazaar-orphan-'));
    cluster = join(home, 'postgres');
    mkdirSync(cluster);
  });
  afterEach(() => {
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    rmSync(home, { recursive: true, force: true });
  });

  const lock = (pid: number) => writeFileSync(join(cluster, 'postmaster.pid'), `${pid}\n${cluster}\n`);

  /** A stand-in postmaster: a process whose command line reads `postgres … -D <cluster>`, our child. */
  async function fakePostmaster(dir = cluster): Promise<number> {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '-D', dir], {
      argv0: 'postgres',
      stdio: 'ignore',
    });
    children.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    return child.pid!;
  }

  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    expect(parseProcStat('4242 (postgres: a (b) c) S 17 4242 4242 0 -1')).toEqual({ ppid: 17, state: 'S' });
    expect(parseProcStat('7 (x) Z 1 7 7')).toEqual({ ppid: 1, state: 'Z' });
  });

  it('recognises the postmaster of one cluster by its command line', () => {
    expect(isPostmasterOf(['/nm/native/bin/postgres', '-D', cluster, '-p', '5'], cluster)).toBe(true);
    expect(isPostmasterOf(['/nm/native/bin/postgres', '-D', '/other', '-p', '5'], cluster)).toBe(false);
    expect(isPostmasterOf(['node', '-D', cluster], cluster)).toBe(false);
    expect(isPostmasterOf([], cluster)).toBe(false);
  });

  it('no lock file, or one naming a pid that is gone: free', async () => {
    expect(clusterState(cluster, home)).toEqual({ kind: 'free' });
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const pid = gone.pid!;
    await new Promise((resolve) => gone.once('exit', resolve));
    lock(pid);
    expect(clusterState(cluster, home)).toEqual({ kind: 'free' });
  });

  it('a lock file naming a live process that is not this cluster’s postmaster (pid reused): stale', async () => {
    lock(process.pid);
    expect(clusterState(cluster, home)).toEqual({ kind: 'stale-lock', pid: process.pid });
    const elsewhere = await fakePostmaster('/some/other/cluster');
    lock(elsewhere);
    expect(clusterState(cluster, home)).toEqual({ kind: 'stale-lock', pid: elsewhere });
  });

  it('a postmaster whose recorded app is its parent: live (another Bazaar), left alone', async () => {
    const pid = await fakePostmaster();
    lock(pid);
    await writeOwner(home, { app: process.pid, postmaster: pid });
    expect(clusterState(cluster, home)).toEqual({ kind: 'live', pid });
  });

  it('a postmaster without an owner record, or a record about another postmaster: live (we cannot tell)', async () => {
    const pid = await fakePostmaster();
    lock(pid);
    expect(clusterState(cluster, home)).toEqual({ kind: 'live', pid });
    await writeOwner(home, { app: 1, postmaster: pid + 1 });
    expect(clusterState(cluster, home)).toEqual({ kind: 'live', pid });
  });

  it('a postmaster whose recorded app is no longer its parent: orphan, stopped by stopOrphan', async () => {
    const pid = await fakePostmaster();
    lock(pid);
    // The app that started it is gone (its pid may even be reused): the postmaster's parent is someone else.
    await writeOwner(home, { app: process.pid + 100_000, postmaster: pid });
    expect(clusterState(cluster, home)).toEqual({ kind: 'orphan', pid, app: process.pid + 100_000 });
    expect(await stopOrphan(pid)).toBe(true);
    expect(hasExited(pid)).toBe(true);
  });
});
