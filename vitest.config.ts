import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Two projects: `unit` (pure logic, no IO) and `integration` (real database, sockets,
// processes). CI runs `integration` twice: once on SQLite and once on PostgreSQL.
export default defineConfig({
  // Tests run every workspace package from its sources, never from a stale dist/ build.
  resolve: {
    alias: [
      { find: /^@grimnir\/contracts$/, replacement: src('contracts/src/index.ts') },
      { find: /^@grimnir\/engine-client$/, replacement: src('engine-client/src/index.ts') },
      {
        find: /^@grimnir\/codec\/testing$/,
        replacement: src('codec/src/testing/synthetic-frames.ts'),
      },
      { find: /^@grimnir\/codec$/, replacement: src('codec/src/index.ts') },
      // Deep imports (`@grimnir/test-kit/fixtures.js`) map like the packages' `./*` exports.
      { find: /^@grimnir\/(test-kit|server|media-engine)\/(.+)$/, replacement: src('$1/src/$2') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'packages/*/test/**/*.int.test.ts'],
          globalSetup: ['packages/server/src/test-support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Integration files share ports and child processes; run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
