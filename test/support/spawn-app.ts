/**
 * Runs the compiled server (`dist/main.js`, built by `npm test` before jest) as a real child
 * process: what `npm start` runs. Used for boot, config and shutdown tests.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UNTHROTTLED_ENV } from './rate-limits';

export const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export interface SpawnedApp {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnApp(
  env: Record<string, string>,
  {
    main = MAIN,
    ...options
  }: {
    uid?: number;
    gid?: number;
    main?: string;
    /** own process group, as a terminal's job */ detached?: boolean;
  } = {},
): SpawnedApp {
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build:api" (npm test does it)`);
  // Only what the server needs: no DATABASE_URL leaking in from the test environment.
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'development',
    ...UNTHROTTLED_ENV,
  };
  const child = spawn(process.execPath, [main], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Polls `url` until it answers `status` (no fixed sleeps: returns as soon as it is up). */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  alive?: () => boolean,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === status) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (alive && !alive()) throw new Error(`process exited while waiting for ${url}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
