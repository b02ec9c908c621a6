import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url));
const codec = fileURLToPath(new URL('./packages/codec/src/index.ts', import.meta.url));
const codecTesting = fileURLToPath(
  new URL('./packages/codec/src/testing/synthetic-frames.ts', import.meta.url),
);

// Two projects: `unit` (pure logic, no IO) and `integration` (real database, sockets,
// processes). CI runs `integration` twice: once on SQLite and once on PostgreSQL.
export default defineConfig({
  resolve: {
    // The subpath first: aliases match by prefix, in order.
    alias: {
      '@grimnir/contracts': contracts,
      '@grimnir/codec/testing': codecTesting,
      '@grimnir/codec': codec,
    },
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
