import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlPlane } from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { serveExit } from '../test-support/deploy/serve-exit.js';

/** Issue 16 item 7: configuration mistakes found at start are one line naming the variable. */
const run = promisify(execFile);
let dataDir: string;
let redis: ChildProcess;
let redisPort: number;

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-start-errors-'));
  redisPort = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--requirepass', 'right-pw', '--save', ''],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    const up = await run('redis-cli', ['-p', String(redisPort), '-a', 'right-pw', 'ping']).then(
      (r) => r.stdout.includes('PONG'),
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);
afterAll(() => {
  redis.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const startFails = (env: Record<string, string>) =>
  serveExit({ GRIMNIR_DATA_DIR: dataDir, GRIMNIR_ADMIN_PASSWORD: 'start-errors-pw', ...env });

function expectOneLine(result: { code: number; stderr: string }, variable: string): void {
  expect(result.code).toBe(78);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^grimnirradio: refusing to start, /);
  expect(lines[0]).toContain(variable);
}

describe('start errors', () => {
  it('names GRIMNIR_REDIS_PASSWORD when Redis refuses the password', async () => {
    const r = await startFails({
      GRIMNIR_REDIS_ADDR: `127.0.0.1:${redisPort}`,
      GRIMNIR_REDIS_PASSWORD: 'wrong-pw',
    });
    expectOneLine(r, 'GRIMNIR_REDIS_PASSWORD');
  });

  it('names GRIMNIR_REDIS_ADDR when Redis is unreachable', async () => {
    const r = await startFails({ GRIMNIR_REDIS_ADDR: `127.0.0.1:${await freePort()}` });
    expectOneLine(r, 'GRIMNIR_REDIS_ADDR');
  });

  it('names GRIMNIR_DB_DSN when PostgreSQL is unreachable (the guide’s key=value form)', async () => {
    const r = await startFails({
      GRIMNIR_DB_BACKEND: 'postgres',
      GRIMNIR_DB_DSN: `host=127.0.0.1 port=${await freePort()} user=grimnir password=x dbname=grimnir sslmode=disable`,
    });
    expectOneLine(r, 'GRIMNIR_DB_DSN');
    expect(r.stderr).not.toContain('password=x');
  });

  it('names GRIMNIR_METRICS_BIND given as host:port', async () => {
    const r = await startFails({ GRIMNIR_METRICS_BIND: '127.0.0.1:9000' });
    expectOneLine(r, 'GRIMNIR_METRICS_BIND');
  });

  it('names the metrics variables when the metrics port is taken', async () => {
    const port = await freePort();
    const blocker = spawn('node', [
      '-e',
      `require('net').createServer().listen(${port}, '127.0.0.1')`,
    ]);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const r = await startFails({
        GRIMNIR_METRICS_BIND: '127.0.0.1',
        GRIMNIR_METRICS_PORT: String(port),
      });
      expectOneLine(r, 'GRIMNIR_METRICS_PORT');
    } finally {
      blocker.kill();
    }
  });
});
