import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneProcess,
} from '../test-support/control-plane-process.js';

// A PostgreSQL cluster and a Redis of this test's own (never the machine's shared ones) are
// stopped under a running control plane: every request answers a clear 503 naming the
// dependency, the log says so once per outage (not per request or per second), no library
// writes to stderr outside the JSON log, and everything answers again once they are back.

const run = promisify(execFile);
const pgBin = (tool: string) => {
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1) ?? '';
  return path.join('/usr/lib/postgresql', version, 'bin', tool);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = 'outage-admin-pw-1';

let tmp: { dir: string; cleanup: () => Promise<void> };
let pgData: string;
let pgPort: number;
let redisPort: number;
let redis: ChildProcess | undefined;

// PostgreSQL refuses to run as root: on a root test machine its tools run as `postgres`.
const asPg = (tool: string, args: string[]) =>
  process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', pgBin(tool), ...args])
    : run(pgBin(tool), args);

const pgCtl = (action: 'start' | 'stop') =>
  asPg('pg_ctl', [
    '-D',
    pgData,
    '-w',
    '-l',
    path.join(pgData, 'server.log'),
    ...(action === 'start'
      ? ['-o', `-p ${pgPort} -k ${pgData} -c listen_addresses=127.0.0.1`, 'start']
      : ['-m', 'fast', 'stop']),
  ]);

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    const up = await run('redis-cli', ['-p', String(redisPort), 'ping']).then(
      (r) => r.stdout.includes('PONG'),
      () => false,
    );
    if (up) return;
    await sleep(100);
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const r = redis;
  redis = undefined;
  if (!r || r.exitCode !== null) return;
  const gone = new Promise((res) => r.once('exit', res));
  r.kill('SIGKILL');
  await gone;
}

beforeAll(async () => {
  buildControlPlane();
  tmp = await makeTempDir();
  pgData = path.join(tmp.dir, 'pg');
  pgPort = await freePort();
  redisPort = await freePort();
  if (process.getuid?.() === 0) {
    await run('chmod', ['755', tmp.dir]);
    await run('install', ['-d', '-o', 'postgres', '-m', '700', pgData]);
  }
  await asPg('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  await pgCtl('start');
  await asPg('createdb', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', 'g']);
  await startRedis();
}, 180_000);

afterAll(async () => {
  await stopRedis();
  await pgCtl('stop').catch(() => undefined);
  await tmp?.cleanup();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

describe('dependency outages under a running control plane', () => {
  it('PostgreSQL and Redis going away: clear 503s, one log line each way, no stray stderr', async () => {
    let cp: ControlPlaneProcess | undefined;
    try {
      cp = await startControlPlane({
        dataDir: path.join(tmp.dir, 'data'),
        httpPort: await freePort(),
        metricsPort: await freePort(),
        env: {
          GRIMNIR_DB_BACKEND: 'postgres',
          GRIMNIR_DB_DSN: `postgres://postgres@127.0.0.1:${pgPort}/g`,
          GRIMNIR_REDIS_ADDR: `127.0.0.1:${redisPort}`,
          GRIMNIR_ADMIN_PASSWORD: PASSWORD,
          GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
        },
      });
      const url = cp.url;
      const api = await login(url, 'admin', PASSWORD);
      const get = (p: string) =>
        fetch(`${url}${p}`, { headers: { authorization: `Bearer ${api.token}` } }).then(
          async (r) => ({
            status: r.status,
            body: (await r.json()) as Record<string, unknown>,
          }),
        );
      // A list read from the database each time (the station list is kept in memory, and goes
      // on answering from there for a few seconds of an outage).
      expect((await get('/api/v1/users')).status).toBe(200);

      // PostgreSQL stops.
      await pgCtl('stop');
      for (let i = 0; i < 5; i++) {
        const res = await get('/api/v1/users');
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({
          error: 'database_unavailable',
          message: expect.any(String),
          request_id: expect.any(String),
        });
      }
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(503);
      // The probe's answer (the fast path) is never cached between a balancer and this replica.
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await health.json()).toMatchObject({
        db: 'unreachable',
        reasons: expect.arrayContaining(['database unreachable']) as unknown,
      });
      await sleep(3_000);
      await pgCtl('start');
      await until('the API back on PostgreSQL', async () =>
        (await get('/api/v1/users')).status === 200 ? true : undefined,
      );
      await until('the recovery logged', () =>
        Promise.resolve(/database reachable again/.test(cp!.logs()) ? true : undefined),
      );
      // Once when it went, once when it came back: not per request, not per second.
      expect(count(cp.logs(), /"msg":"database unreachable"/)).toBe(1);
      expect(count(cp.logs(), /"msg":"database reachable again"/)).toBe(1);
      expect(cp.logs()).not.toMatch(/"msg":"unhandled error"/);

      // Redis goes away for a while.
      await stopRedis();
      const degraded = await until('/healthz naming Redis', async () => {
        const r = await fetch(`${url}/healthz`);
        const body = (await r.json()) as { reasons?: string[] };
        return r.status === 503 && body.reasons?.includes('redis unreachable') ? body : undefined;
      });
      expect(degraded.reasons).toContain('redis unreachable');
      await sleep(5_000);
      await startRedis();
      await until('/healthz without Redis trouble', async () => {
        const body = (await (await fetch(`${url}/healthz`)).json()) as { redis?: string };
        return body.redis === 'ok' ? true : undefined;
      });
      await sleep(1_000);
      const logs = cp.logs();
      // Every library's errors went through pino: no ioredis text on stderr.
      expect(logs).not.toContain('[ioredis]');
      expect(logs).toMatch(/"msg":"redis connection lost; reconnecting"/);
      expect(logs).toMatch(/"msg":"redis connection back"/);
      // The lease said it once, not once per renewal second.
      expect(count(logs, /leader election: redis unavailable/)).toBe(1);
    } catch (err) {
      throw new Error(`${String(err)}\n--- logs ---\n${(cp?.logs() ?? '').slice(-8_000)}`);
    } finally {
      await cp?.stop();
    }
  }, 240_000);
});
