import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '@grimnir/engine-client';
import type { OutputStatus } from '@grimnir/contracts';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { openStream, type StreamResponse } from '../../test-support/stream-client.js';

let t: TestApp;
const streams: StreamResponse[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t.close();
});

/** An engine that only answers Status: that is all this endpoint asks of it. */
function statusOnlyEngine(status: (id: string) => Promise<{ outputs: OutputStatus[] }>) {
  return { status } as unknown as EngineClient;
}

async function world(engineClient?: EngineClient) {
  t = await buildTestApp(engineClient ? { engineClient } : {});
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const viewer = await t.makeUser({ role: 'viewer' });
  const outsider = await t.makeUser({ role: 'manager' });
  await t.addMember(station.id, viewer.id, 'viewer');
  const outputs = (token: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${station.id}/outputs`,
      headers: bearer(token),
    });
  return { admin, station, viewer, outsider, outputs };
}

describe('GET /api/v1/stations/{id}/outputs', () => {
  it('reports listeners per mount and claims no output state when the engine is away', async () => {
    const w = await world();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const mount = (await t.services.repositories.mounts.findByName(w.station.slug))!;
    const hub = await t.realtime.broadcasts.open(mount);
    hub.publish(Buffer.alloc(4096, 0xff));
    const s = await openStream(port, `/stream/${mount.name}`, {});
    streams.push(s);
    expect(s.status).toBe(200);

    const res = await w.outputs(w.viewer.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      engine_reachable: false,
      mounts: [
        { mount_id: mount.id, mount: mount.name, listeners: 1, output: null, bytes_sent: null },
      ],
    });
    expect((await w.outputs(w.outsider.token)).statusCode).toBe(403);
  });

  it("shows the engine's output state per mount, and absent for a station it does not run", async () => {
    let answer: () => Promise<{ outputs: OutputStatus[] }> = () =>
      Promise.reject(Object.assign(new Error('station not found'), { code: 5 }));
    const w = await world(statusOnlyEngine(() => answer()));
    const mount = (await t.services.repositories.mounts.findByName(w.station.slug))!;
    const absent = await w.outputs(w.admin);
    expect(absent.json()).toMatchObject({
      engine_reachable: true,
      mounts: [{ mount: mount.name, output: 'absent', listeners: 0 }],
    });
    answer = () =>
      Promise.resolve({
        outputs: [{ mount: mount.name, state: 'error', bytes_sent: 0, subscribers: 0 }],
      });
    expect((await w.outputs(w.admin)).json()).toMatchObject({
      engine_reachable: true,
      mounts: [{ mount: mount.name, output: 'error', bytes_sent: 0 }],
    });
    // Any other failure (deadline, engine restarting) is unknown, not a guess.
    answer = () => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 }));
    expect((await w.outputs(w.admin)).json()).toMatchObject({
      engine_reachable: false,
      mounts: [{ output: null }],
    });
  });
});
