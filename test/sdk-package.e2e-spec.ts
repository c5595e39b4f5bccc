import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const SDK = join(ROOT, 'sdk');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** tsc's diagnostics on failure, so a red test says which line broke. */
const tsc = (project: string, cwd: string) => {
  try {
    return run(process.execPath, [TSC, '-p', project], cwd);
  } catch (err) {
    throw new Error(`tsc -p ${project} failed:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
  }
};

/** What a fresh clone has of sdk/: its committed sources, without dist/ or the generated src/schema.ts. */
const BUILT = new Set(['dist', join('src', 'schema.ts'), 'node_modules']);
const sourcesOnly = (path: string) => {
  const rel = relative(SDK, path);
  return !BUILT.has(rel) && !rel.endsWith('.tgz');
};

/**
 * @bazaar/sdk as a package: the type-level fixture (wrong paths, methods, parameters and bodies do
 * not compile) and `npm pack` → a fresh project installs the tarball and uses it under
 * `tsc --strict`, importing it both as ESM and CommonJS. The tarball is packed with its lifecycle
 * scripts (prepack: generate the types, build ESM and CommonJS) from a copy of sdk/'s sources
 * beside the repository's node_modules, as in a fresh clone after `npm install`; packing sdk/
 * itself would rebuild dist/ from under the specs that import it.
 */
describe('@bazaar/sdk package', () => {
  it('type-level: the fixture compiles, and each @ts-expect-error line is a compile error', () => {
    tsc(join(SDK, 'test', 'types', 'tsconfig.json'), SDK);
    const fixture = readFileSync(join(SDK, 'test', 'types', 'storefront.fixture.ts'), 'utf8');
    expect(fixture.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(15);
  });

  describe('npm pack, installed into a new project', () => {
    let dir: string;
    let tarball: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'bazaar-sdk-consumer-'));
      const sources = join(dir, 'clone');
      cpSync(SDK, join(sources, 'sdk'), { recursive: true, filter: sourcesOnly });
      symlinkSync(join(ROOT, 'node_modules'), join(sources, 'node_modules'), 'dir');
      // The prepack's own output comes first on stdout; npm's JSON report is the rest.
      const out = run('npm', ['pack', '--json', '--pack-destination', dir], join(sources, 'sdk'));
      const [packed] = JSON.parse(out.slice(out.search(/^\[/m))) as {
        filename: string;
        files: { path: string }[];
      }[];
      tarball = join(dir, packed.filename);
      expect(packed.files.map((f) => f.path)).toEqual(
        expect.arrayContaining([
          'package.json',
          'openapi.json',
          'dist/esm/index.js',
          'dist/esm/index.d.ts',
          'dist/cjs/index.js',
        ]),
      );
      expect(packed.files.some((f) => f.path.startsWith('src/'))).toBe(false);
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'storefront', version: '1.0.0', private: true, type: 'module' }),
      );
      run(
        'npm',
        ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
        dir,
      );
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('has no runtime dependency beyond openapi-fetch', () => {
      const manifest = JSON.parse(
        readFileSync(join(dir, 'node_modules', '@bazaar', 'sdk', 'package.json'), 'utf8'),
      ) as { dependencies: Record<string, string> };
      expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
    });

    it("compiles a storefront under tsc --strict, and the READMEs' examples", () => {
      // The examples in README.md ("Build a storefront") and sdk/README.md, with the variables they
      // leave to the reader declared.
      const examples = [join(ROOT, 'README.md'), join(SDK, 'README.md')].map((readme) => {
        const block = [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)]
          .map((m) => m[1])
          .find((code) => code.includes('createBazaarClient('));
        if (!block) throw new Error(`${readme} has no createBazaarClient example`);
        return block;
      });
      examples.forEach((code, i) =>
        writeFileSync(
          join(dir, `readme-${i}.ts`),
          `import type { Schemas } from '@bazaar/sdk';
declare const email: string, password: string, name: string;
declare const shippingAddress: Schemas['ShippingAddressDto'];
export {};
${code}`,
        ),
      );
      writeFileSync(
        join(dir, 'index.ts'),
        `import { BazaarApiError, createBazaarClient, ok, type Schemas } from '@bazaar/sdk';
const shop = createBazaarClient({ baseUrl: 'http://localhost:3000' });
export async function main(): Promise<Schemas['CartDto']> {
  await shop.POST('/api/v1/cart/items', { body: { productId: 'id', quantity: 1 } });
  try {
    return await ok(shop.GET('/api/v1/cart'));
  } catch (e) {
    if (e instanceof BazaarApiError) console.error(e.status, e.code, e.message);
    throw e;
  }
}
`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2022', 'DOM'],
            types: [],
            strict: true,
            noEmit: true,
          },
          files: ['index.ts', 'readme-0.ts', 'readme-1.ts'],
        }),
      );
      tsc('tsconfig.json', dir);
    });

    it('loads as ESM and as CommonJS in Node', () => {
      const esm = run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createBazaarClient, BazaarApiError } from '@bazaar/sdk';
           const c = createBazaarClient({ baseUrl: 'http://x' });
           console.log(typeof c.GET, typeof c.logout, new BazaarApiError(400, 'X', 'm') instanceof Error);`,
        ],
        dir,
      );
      expect(esm.trim()).toBe('function function true');
      const cjs = run(
        process.execPath,
        [
          '-e',
          `const { createBazaarClient } = require('@bazaar/sdk'); console.log(typeof createBazaarClient({ baseUrl: 'http://x' }).POST);`,
        ],
        dir,
      );
      expect(cjs.trim()).toBe('function');
    });
  });
});
