import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { GrimnirEvent } from '@grimnir/contracts';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
});

async function start(events = { heartbeatMs: 15_000, levelsIntervalMs: 250 }) {
  t = await buildTestApp({ realtime: { events } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return (t.app.server.address() as AddressInfo).port;
}

interface Conn {
  ws: WebSocket;
  received: GrimnirEvent[];
}
function connect(
  port: number,
  query: string,
  headers: Record<string, string> = {},
  opts: { autoPong?: boolean } = {},
): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events${query}`, {
      headers,
      autoPong: opts.autoPong ?? true,
    });
    sockets.push(ws);
    const received: GrimnirEvent[] = [];
    ws.on('message', (d: Buffer) => received.push(JSON.parse(d.toString('utf8'))));
    ws.once('open', () => resolve({ ws, received }));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode ?? 0}`));
    });
    ws.once('error', reject);
  });
}

const at = new Date().toISOString();
const listeners = (stationId: string, count: number): GrimnirEvent => ({
  type: 'listeners',
  payload: { station_id: stationId, at, mount: 'm', mount_id: 'x', count },
});
const sched = (stationId: string): GrimnirEvent => ({
  type: 'schedule_update',
  payload: { station_id: stationId, at, start: at, end: at, reason: 'refresh' },
});

describe('events WebSocket', () => {
  it('refuses the upgrade with 401 without credentials or with a bad token, 400 for unknown types', async () => {
    const port = await start();
    await expect(connect(port, '')).rejects.toThrow('HTTP 401');
    await expect(connect(port, '?token=not-a-jwt')).rejects.toThrow('HTTP 401');
    const admin = await t.adminToken();
    await expect(connect(port, `?types=bogus&token=${admin}`)).rejects.toThrow('HTTP 400');
  });

  it('delivers only the stations a member may see, all to admins, filtered by type', async () => {
    const port = await start();
    const admin = await t.adminToken();
    const a = await t.makeStation(admin, { name: 'A' });
    const b = await t.makeStation(admin, { name: 'B' });
    const dj = await t.makeUser({ role: 'dj' });
    await t.addMember(a.id, dj.id, 'dj');
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(dj.token),
      payload: { name: 'ws' },
    });
    expect(key.statusCode).toBe(201);
    const adminConn = await connect(port, '', bearer(admin));
    const djConn = await connect(port, `?token=${dj.token}`);
    const djKeyConn = await connect(port, '?types=listeners', {
      'x-api-key': key.json<{ key: string }>().key,
    });
    const bus = t.realtime.events;
    bus.publish(listeners(a.id, 1));
    bus.publish(listeners(b.id, 2));
    bus.publish(sched(a.id));
    await expect.poll(() => adminConn.received.length).toBe(3);
    await expect.poll(() => djConn.received.length).toBe(2);
    await expect.poll(() => djKeyConn.received.length).toBe(1);
    expect(djConn.received.map((e) => e.payload.station_id)).toEqual([a.id, a.id]);
    expect(djKeyConn.received).toEqual([listeners(a.id, 1)]);
    expect(adminConn.received.map((e) => e.type)).toEqual([
      'listeners',
      'listeners',
      'schedule_update',
    ]);
  });

  it('throttles levels per station: the latest of a burst arrives, not every one', async () => {
    const port = await start({ heartbeatMs: 15_000, levelsIntervalMs: 200 });
    const admin = await t.adminToken();
    const s = await t.makeStation(admin);
    const c = await connect(port, '?types=levels', bearer(admin));
    for (let i = 0; i < 100; i++)
      t.realtime.events.publish({
        type: 'levels',
        payload: { station_id: s.id, at, rms_dbfs: [-1 - i, -1 - i], peak_dbfs: [0, 0] },
      });
    await expect.poll(() => c.received.length).toBe(2);
    expect(c.received.map((e) => (e.type === 'levels' ? e.payload.rms_dbfs[0] : 1))).toEqual([
      -1, -100,
    ]);
  });

  it('pings clients and drops a peer that stops answering, keeping live ones', async () => {
    const port = await start({ heartbeatMs: 150, levelsIntervalMs: 250 });
    const admin = await t.adminToken();
    const live = await connect(port, '', bearer(admin));
    const dead = await connect(port, '', bearer(admin), { autoPong: false });
    let pings = 0;
    live.ws.on('ping', () => (pings += 1));
    const closed = new Promise<number>((r) => dead.ws.once('close', (code) => r(code)));
    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
  });
});
