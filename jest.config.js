/**
 * One jest run for everything: unit specs beside the code (src/**\/*.spec.ts) and
 * black-box e2e specs (test/**\/*.e2e-spec.ts) against real PostgreSQL.
 * @swc/jest compiles TypeScript (fast, keeps decorator metadata); `npm test` type-checks
 * through `npm run build` first.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  watchPathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/dist'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/admin'],
};
