import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin SPA, built to admin/dist and served by the API at /admin. Hashed file names under
 * assets/ are served as immutable; index.html is never cached. Screens load as separate chunks
 * (src/resources/index.ts); test/admin-bundle-budget.test.ts holds the first load to 600 KB gzipped.
 */
export default defineConfig({
  root,
  base: '/admin/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rolldownOptions: {
      // MUI marks its modules 'use client' (for React Server Components); meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/media': 'http://localhost:3000' } },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
