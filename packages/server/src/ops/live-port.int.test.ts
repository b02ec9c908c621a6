// GRIMNIR_LIVE_PORT: DJ software speaking the Icecast protocol reaches the live module on a
// dedicated port (the guide binds the main port to localhost behind nginx), on the real binary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ApiSession,
  type ControlPlaneProcess,
} from '../test-support/control-plane-process.js';
import { freePort } from '../test-support/deploy/nginx-runner.js';
import { sourceRequest } from '../test-support/source-client.js';

let dataDir: string;
let cp: ControlPlaneProcess;
let api: ApiSession;
let livePort: number;

beforeAll(async () => {
  buildControlPlane();
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-live-port-'));
  livePort = await freePort();
  cp = await startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env: {
      GRIMNIR_ADMIN_PASSWORD: 'live-port-pw',
      GRIMNIR_LIVE_BIND: '127.0.0.1',
      GRIMNIR_LIVE_PORT: String(livePort),
      // No engine listens here: an accepted source is answered 503 (engine unavailable).
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
    },
  });
  api = await login(cp.url, 'admin', 'live-port-pw');
}, 180_000);
afterAll(async () => {
  await cp?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dedicated live source port', () => {
  it('serves Icecast SOURCE and PUT with the live module’s answers', async () => {
    const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
      name: 'Live Port FM',
      active: true,
    });
    const [mount] = await api.call<{ id: string; name: string }[]>(
      'GET',
      `/api/v1/stations/${station.id}/mounts`,
    );
    const { password } = await api.call<{ password: string }>('POST', '/api/v1/live/tokens', {
      station_id: station.id,
      mount_id: mount!.id,
    });
    const wrong = await sourceRequest(livePort, 'SOURCE', `/live/${mount!.name}`, 'source:no');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Icecast2 Server"');
    const probe = await sourceRequest(livePort, 'OPTIONS', '*', undefined);
    expect(probe.status).toBe(200);
    const right = await sourceRequest(
      livePort,
      'PUT',
      `/live/${mount!.name}`,
      `source:${password}`,
      { 'Transfer-Encoding': 'chunked' },
    );
    expect(right.status).toBe(503);
    for (const r of [wrong, probe, right]) r.socket.destroy();
  });

  it('answers anything else with a pointer to the main port, never the API', async () => {
    const res = await fetch(`http://127.0.0.1:${livePort}/api/v1/stations`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('live sources only');
    // The main port serves the API (no engine runs here, so /healthz is honestly degraded).
    const health = await fetch(`${cp.url}/healthz`);
    expect(await health.json()).toMatchObject({ db: 'ok', engine: 'unreachable' });
    expect(cp.logs()).toContain('live source port listening');
  });
});
