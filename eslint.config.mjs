// ESLint (flat config): typescript-eslint's type-aware recommended rules over the API and its
// tests (`npm run lint`, part of `npm test`); Prettier owns formatting, so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries: which top-level folders of src/ each folder may import. Dependencies flow one
// way — common, then infrastructure, then the feature modules in the order
// accounts → store → cart → orders → payment → checkout (reviews, analytics, shipping after orders).
// A module reacts to an earlier one's events through that module's hooks service, registered in
// onModuleInit (accounts/sign-in-hooks.ts, orders/order-transition-hooks.ts), never by being
// imported by it. Composition roots may import anything: src/*.ts (app.module, main, app.setup)
// and database/seed/ (it runs every module's demo-seed step). test/ is not restricted. A new
// top-level folder needs a row here (src/common/module-boundaries.spec.ts checks each has one).
const INFRA = ['config', 'database', 'jobs', 'storage'];
const UP_TO_ORDERS = [...INFRA, 'common', 'accounts', 'store', 'cart', 'orders'];
const MAY_IMPORT = {
  common: [],
  config: ['common'],
  database: ['common', 'config'],
  jobs: ['common', 'config', 'database'],
  storage: ['common', 'config'],
  health: ['common', 'config', 'database', 'jobs', 'storage'],
  accounts: ['common', ...INFRA],
  store: ['common', ...INFRA, 'accounts'],
  cart: ['common', ...INFRA, 'accounts', 'store'],
  orders: ['common', ...INFRA, 'accounts', 'store', 'cart'],
  reviews: UP_TO_ORDERS,
  analytics: UP_TO_ORDERS,
  shipping: UP_TO_ORDERS,
  payment: UP_TO_ORDERS,
  checkout: [...UP_TO_ORDERS, 'payment', 'shipping'],
};
const FOLDERS = Object.keys(MAY_IMPORT);

const boundaries = FOLDERS.map((folder) => ({
  files: [`src/${folder}/**/*.ts`],
  ...(folder === 'database' ? { ignores: ['src/database/seed/**'] } : {}),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other)).map(
          (other) => ({
            group: [`**/${other}`, `**/${other}/**`],
            message:
              `${folder}/ must not import ${other}/: ${folder} may import only ` +
              `${MAY_IMPORT[folder].join(', ') || 'nothing outside itself'} (module order in eslint.config.mjs). ` +
              `A later module reacts to ${folder} by registering on a hooks service of ${folder} in onModuleInit.`,
          }),
        ),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'admin/dist/**', 'node_modules/**', 'src/metadata.ts', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Nest handlers and jobs are registered with `void promise` deliberately.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // TypeORM's raw query() returns any; `(await m.query(sql)) as Row[]` reads as well as a type argument.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read loosely typed JSON bodies on purpose.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  ...boundaries,
);
