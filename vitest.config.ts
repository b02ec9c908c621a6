import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Three projects: `unit` (pure logic, no IO), `integration` (real database, sockets,
// processes) and `web-e2e` (the console in Chromium against the real binaries). CI runs
// `integration` twice: once on SQLite and once on PostgreSQL.
export default defineConfig({
  // Tests run every workspace package from its sources, never from a stale dist/ build.
  resolve: {
    alias: [
      { find: /^@grimnir\/contracts\/outbound$/, replacement: src('contracts/src/outbound.ts') },
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
          // The benches' own arithmetic (the soak's verdicts) is pure logic too.
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
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
      {
        extends: true,
        test: {
          // The console in a real browser against the real binaries (packages/web/e2e).
          name: 'web-e2e',
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['packages/web/e2e/global-setup.ts'],
          testTimeout: 90_000,
          // The first file starts the stack (builds when stale, engine, server, demo station on air).
          hookTimeout: 480_000,
          // After the other projects (an engine on air and a browser would load the machine
          // through timing-sensitive tests); its files share one stack and run side by side.
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
        },
      },
    ],
  },
});
