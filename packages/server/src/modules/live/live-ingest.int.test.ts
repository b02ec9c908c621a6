import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { sourceRequest } from '../../test-support/source-client.js';

// The connection details the console shows for BUTT/Mixxx must be ones that actually connect:
// the host the caller reached, and the port that takes source connections.

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function stationWithMount(token: string) {
  const station = await t.makeStation(token);
  const mounts = await t.app.inject({
    method: 'GET',
    url: `/api/v1/stations/${station.id}/mounts`,
    headers: bearer(token),
  });
  return { station, mount: mounts.json<{ id: string; name: string }[]>()[0]! };
}

interface Created {
  host: string;
  port: number;
  path: string;
  username: string;
  password: string;
}

describe('live connection details', () => {
  it('a token carries host, port and mount that a source client can use as given', async () => {
    t = await buildTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const admin = await t.adminToken();
    const { station, mount } = await stationWithMount(admin);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/live/tokens`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ station_id: station.id, mount_id: mount.id }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    expect(created).toMatchObject({ host: '127.0.0.1', port, username: 'source' });
    expect(created.path).toBe(`/live/${mount.name}`);
    // Accepted by the source front (503 only because no engine runs in this test); a wrong
    // password on the same details is a 401, so the details themselves are right.
    const auth = `${created.username}:${created.password}`;
    expect((await sourceRequest(created.port, 'PUT', created.path, auth)).status).toBe(503);
    expect((await sourceRequest(created.port, 'PUT', created.path, 'source:x')).status).toBe(401);

    const ingest = await fetch(`http://127.0.0.1:${port}/api/v1/live/ingest`, {
      headers: bearer(admin),
    });
    expect(await ingest.json()).toEqual({ host: '127.0.0.1', port });
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/live/ingest`)).status).toBe(401);
  });

  it('names the dedicated live port when there is one, and the public host behind a proxy', async () => {
    t = await buildTestApp({ env: { GRIMNIR_LIVE_PORT: '8001', GRIMNIR_TRUST_PROXY: 'true' } });
    const admin = await t.adminToken();
    const ingest = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/live/ingest',
        headers: { ...bearer(admin), ...headers },
      });
    const direct = await ingest({ host: 'radio.example.org:8080' });
    expect(direct.json()).toEqual({ host: 'radio.example.org', port: 8001 });
    // The proxy's HTTPS port cannot carry a source stream: the direct port is named instead.
    const proxied = await ingest({
      host: '10.0.0.5:8080',
      'x-forwarded-host': 'radio.example.org',
      'x-forwarded-proto': 'https',
    });
    expect(proxied.json()).toEqual({ host: 'radio.example.org', port: 8001 });
  });
});
