import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The module-boundary rule of eslint.config.mjs (no-restricted-imports per folder), run through
 * ESLint's Node API on snippets placed at chosen paths. ESLint loads its flat config with a dynamic
 * import, which jest's VM does not allow, so the linting runs in a child Node process on the real
 * config; type-aware rules are switched off there (the snippets are not files on disk), the
 * boundary rule is untouched.
 */
interface Case {
  filePath: string;
  code: string;
}
interface Message {
  ruleId: string | null;
  message: string;
}

const root = join(__dirname, '..', '..');

const LINT_SNIPPETS = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const { cases, folders } = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
const messages = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.filePath });
  messages.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
const unruled = [];
for (const folder of folders) {
  const config = await eslint.calculateConfigForFile('src/' + folder + '/x.ts');
  if (!config.rules['no-restricted-imports']) unruled.push(folder);
}
process.stdout.write(JSON.stringify({ messages, unruled }));
`;

function lint(cases: Case[], folders: string[]): { messages: Message[][]; unruled: string[] } {
  const stdout = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', LINT_SNIPPETS, JSON.stringify({ cases, folders })],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  return JSON.parse(stdout) as { messages: Message[][]; unruled: string[] };
}

const importing = (filePath: string, ...specifiers: string[]): Case => ({
  filePath,
  code: specifiers.map((s, i) => `import type { T${i} } from '${s}';\nexport type U${i} = T${i};\n`).join(''),
});

describe('module boundaries (eslint.config.mjs)', () => {
  const forbidden: [Case, string][] = [
    [importing('src/store/x.ts', '../cart/cart.service'), 'store/ must not import cart/'],
    // The folder cycle checkout's move removed: orders never imports payment (nor checkout).
    [importing('src/orders/x.ts', '../payment/payments.service'), 'orders/ must not import payment/'],
    [
      importing('src/orders/dto/x.ts', '../../checkout/dto/checkout.dto'),
      'orders/ must not import checkout/',
    ],
    [
      importing('src/payment/providers/x.ts', '../../checkout/checkout.service'),
      'payment/ must not import checkout/',
    ],
    [importing('src/common/errors/x.ts', '../../accounts/auth-user'), 'common/ must not import accounts/'],
    [importing('src/config/x.ts', '../store/stock.service'), 'config/ must not import store/'],
    [importing('src/database/x.ts', '../accounts/users.service'), 'database/ must not import accounts/'],
    [importing('src/jobs/x.ts', '../orders/orders.service'), 'jobs/ must not import orders/'],
    [importing('src/accounts/x.ts', 'src/cart/cart.service'), 'accounts/ must not import cart/'],
    [importing('src/reviews/x.ts', '../payment/payments.service'), 'reviews/ must not import payment/'],
    [importing('src/cart/x.ts', '../health/health.module'), 'cart/ must not import health/'],
    // Value imports and re-exports too, not only `import type`.
    [
      {
        filePath: 'src/cart/y.ts',
        code: `import { CheckoutService } from '../checkout/checkout.service';\nexport const s = CheckoutService;\n`,
      },
      'cart/ must not import checkout/',
    ],
    [
      { filePath: 'src/store/y.ts', code: `export * from '../orders/order-state';\n` },
      'store/ must not import orders/',
    ],
  ];
  const allowed: Case[] = [
    importing(
      'src/checkout/x.ts',
      '../cart/cart.service',
      '../store/stock.service',
      '../orders/orders.service',
      '../payment/payments.service',
      '../accounts/auth-user',
      '../common/money',
      '../config/app-config',
      './dto/checkout.dto',
    ),
    importing(
      'src/store/dto/x.ts',
      '../../accounts/role',
      '../../common/pagination',
      '../entities/product.entity',
    ),
    importing('src/payment/x.ts', '../orders/order-state', '../jobs/jobs.service'),
    importing('src/analytics/x.ts', '../orders/orders-query.service'),
    importing('src/health/x.ts', '../database/database.module', '../common/decorators/public.decorator'),
    // Composition roots and tests.
    importing('src/database/seed/x.ts', '../../checkout/checkout.module'),
    importing('src/app.module.ts', './checkout/checkout.module'),
    importing('test/x.e2e-spec.ts', '../src/checkout/checkout.service'),
  ];

  // Every top-level folder of src/ (seed's parent, database, included).
  const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  let results: Message[][];
  let unruled: string[];
  beforeAll(() => {
    ({ messages: results, unruled } = lint([...forbidden.map(([c]) => c), ...allowed], folders));
  });

  it('has a row for every top-level folder of src/', () => {
    expect(folders).toEqual(expect.arrayContaining(['common', 'accounts', 'checkout', 'database']));
    expect(unruled).toEqual([]);
  });

  it('reports an import of a later module, naming both folders', () => {
    forbidden.forEach(([c, expected], i) => {
      const boundary = results[i].filter((m) => m.ruleId === 'no-restricted-imports');
      expect({ file: c.filePath, messages: boundary.map((m) => m.message) }).toEqual({
        file: c.filePath,
        messages: [expect.stringContaining(expected)],
      });
    });
  });

  it('accepts imports of earlier modules, of the folder itself, and from composition roots and tests', () => {
    allowed.forEach((c, i) => {
      expect({ file: c.filePath, messages: results[forbidden.length + i] }).toEqual({
        file: c.filePath,
        messages: [],
      });
    });
  });
});
