import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BUDGET = 600 * 1024;

/**
 * The JavaScript a first visit to /admin downloads before anything lazy: the entry script, its
 * modulepreloads, and every chunk those import statically (followed transitively). Screens are
 * loaded on navigation (src/resources/index.ts), so they are not counted.
 */
function initialChunks(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const queue = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/admin\/([^"]+\.js)"/g),
  ].map((m) => m[1]);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`); `import("./x.js")` is lazy.
    for (const m of code.matchAll(/\bimport\s*(?:[\w${},*\s]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      queue.push(join(dirname(file), m[1]));
    }
  }
  return [...seen];
}

describe('admin bundle budget', () => {
  it('the initial JavaScript of /admin is at most 600 KB gzipped', () => {
    expect(existsSync(join(DIST, 'index.html')), 'build the admin first (npm run build)').toBe(true);
    const chunks = initialChunks();
    const sizes = chunks.map((file) => ({
      file,
      gzip: gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length,
    }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`initial JS: ${(total / 1024).toFixed(1)} KB gzipped in ${chunks.length} files`, sizes);
    expect(chunks.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('screens are split out of the first load (route-level code splitting)', () => {
    const initial = new Set(initialChunks().map((f) => f.replace(/^assets\//, '')));
    const assets = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(assets).not.toMatch(/ProductEdit|OrderShow/);
    for (const screen of [
      'ProductList',
      'ProductEdit',
      'OrderShow',
      'UserList',
      'CategoryList',
      'Dashboard',
    ]) {
      expect(
        [...initial].some((f) => f.startsWith(`${screen}-`)),
        screen,
      ).toBe(false);
    }
  });
});
