// The guide's troubleshooting commands read logs at the default level (info): scheduler ticks
// (one line each, with counts), leader changes, and media engine (re)connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneProcess,
} from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';

let dataDir: string;
let engine: EngineProcess;
let cp: ControlPlaneProcess;
let grpcPort: number;

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-logs-'));
  grpcPort = await freePort();
  engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${grpcPort}` });
  cp = await startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env: {
      GRIMNIR_ADMIN_PASSWORD: 'logs-pw-1',
      GRIMNIR_REDIS_ADDR: '127.0.0.1:6379',
      GRIMNIR_REDIS_KEY_PREFIX: `grimnir-logs-${process.pid}-${Date.now()}:`,
      GRIMNIR_SCHEDULER_TICK_INTERVAL: '1s',
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${grpcPort}`,
    },
  });
  const api = await login(cp.url, 'admin', 'logs-pw-1');
  await api.call('POST', '/api/v1/stations', { name: 'Logs FM', active: true });
}, 180_000);
afterAll(async () => {
  await cp?.stop();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Line = Record<string, unknown> & { msg: string; level: number };
const lines = (): Line[] =>
  cp
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
const grep = (word: string) => lines().filter((l) => JSON.stringify(l).includes(word));
const INFO = 30;

describe('logs the guide greps', () => {
  it('`grep scheduler` shows the leader change and one line per tick with counts', async () => {
    const withStation = () => grep('scheduler tick').filter((t) => t['stations'] === 1);
    await waitFor(() => withStation().length >= 2 || undefined, 20_000, 'two ticks');
    const leader = grep('scheduler').find((l) => l.msg.startsWith('became leader'));
    expect(leader?.level).toBe(INFO);
    const ticks = grep('scheduler tick');
    for (const t of ticks) {
      expect(t.level).toBe(INFO);
      expect(t).toMatchObject({ failed: 0 });
      for (const key of ['stations', 'built', 'inserted', 'removed', 'entries', 'ms'])
        expect(t).toHaveProperty(key);
    }
    // Ticks come at most once per interval (1 s here): no line per station or per item.
    const span =
      Date.parse(String(ticks.at(-1)?.['time'])) - Date.parse(String(ticks[0]?.['time']));
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil(span / 1000) + 1);
  });

  it('media engine connections and reconnections are logged at info', async () => {
    await waitFor(() => grep('media engine connected')[0], 20_000, 'first connection');
    await engine.kill9();
    await waitFor(() => grep('media engine connection lost')[0], 20_000, 'lost connection');
    engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${grpcPort}` });
    const again = await waitFor(() => grep('media engine reconnected')[0], 30_000, 'reconnect');
    expect(again.level).toBe(INFO);
    expect(again).toMatchObject({ engine: `127.0.0.1:${grpcPort}`, connections: 2 });
  });
});
