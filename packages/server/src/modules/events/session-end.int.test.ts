import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { GrimnirEvent } from '@grimnir/contracts';
import { manualClock, type Clock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

/**
 * A WebSocket ends with the rights it was opened with. The heartbeat (which would also catch
 * these, later) is set to an hour so every close here comes from the access signal itself.
 */
let t: TestApp;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
});

async function start(clock?: Clock) {
  t = await buildTestApp({
    ...(clock && { clock }),
    realtime: { events: { heartbeatMs: 3_600_000, levelsIntervalMs: 250 } },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return (t.app.server.address() as AddressInfo).port;
}

interface Conn {
  ws: WebSocket;
  received: GrimnirEvent[];
  closed: Promise<{ code: number; reason: string; afterMs: number }>;
  /** Marks the moment the change was made, for the close latency. */
  mark(): void;
}
function connect(port: number, token: string): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events?token=${token}`);
    sockets.push(ws);
    const received: GrimnirEvent[] = [];
    let from = Date.now();
    ws.on('message', (d: Buffer) => received.push(JSON.parse(d.toString('utf8'))));
    const closed = new Promise<{ code: number; reason: string; afterMs: number }>((r) =>
      ws.once('close', (code, reason) =>
        r({ code, reason: reason.toString(), afterMs: Date.now() - from }),
      ),
    );
    ws.once('open', () => resolve({ ws, received, closed, mark: () => (from = Date.now()) }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const listeners = (stationId: string): GrimnirEvent => ({
  type: 'listeners',
  payload: {
    station_id: stationId,
    at: new Date().toISOString(),
    mount: 'm',
    mount_id: 'x',
    count: 1,
  },
});

async function memberSetup() {
  const port = await start();
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const other = await t.makeStation(admin);
  const dj = await t.makeUser({ role: 'dj' });
  await t.addMember(station.id, dj.id, 'dj');
  await t.addMember(other.id, dj.id, 'dj');
  const conn = await connect(port, dj.token);
  // The socket delivers before the change: the close below is what ends it.
  t.realtime.events.publish(listeners(station.id));
  await expect.poll(() => conn.received.length).toBe(1);
  return { port, admin, station, dj, conn };
}

const patchUser = (admin: string, id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: bearer(admin), payload });

describe('events WebSocket closes when its rights end', () => {
  it.each([
    ['deactivation', { active: false }],
    ['a role change', { role: 'viewer' }],
    ['a password change', { password: 'another horse battery staple' }],
  ])('on %s (4401)', async (_what, patch) => {
    const { admin, dj, conn } = await memberSetup();
    conn.mark();
    expect((await patchUser(admin, dj.id, patch)).statusCode).toBe(200);
    const closed = await conn.closed;
    expect(closed).toMatchObject({ code: 4401, reason: 'session ended' });
    expect(closed.afterMs).toBeLessThan(5_000);
  });

  it('on removal from one of its stations (4403), and the reconnect sees the rest', async () => {
    const { port, admin, station, dj, conn } = await memberSetup();
    conn.mark();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/stations/${station.id}/members/${dj.id}`,
      headers: bearer(admin),
    });
    expect(res.statusCode).toBe(204);
    const closed = await conn.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'station access changed' });
    expect(closed.afterMs).toBeLessThan(5_000);
    // Still a member elsewhere: the same token reconnects and no longer hears the station.
    const again = await connect(port, dj.token);
    t.realtime.events.publish(listeners(station.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(again.received).toEqual([]);
  });

  it('on logout (4401), and the access token is refused from then on', async () => {
    const port = await start();
    const user = await t.makeUser({ role: 'dj' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password },
    });
    const { access_token, refresh_token } = login.json<{
      access_token: string;
      refresh_token: string;
    }>();
    const conn = await connect(port, access_token);
    conn.mark();
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refresh_token },
    });
    expect(out.statusCode).toBe(204);
    const closed = await conn.closed;
    expect(closed).toMatchObject({ code: 4401 });
    expect(closed.afterMs).toBeLessThan(5_000);
    await expect(connect(port, access_token)).rejects.toThrow('HTTP 401');
  });

  it('when its access token expires (4401 token expired)', async () => {
    const clock = manualClock(new Date());
    const port = await start(clock);
    const user = await t.makeUser();
    // The token (15 min) has 700 ms left when the socket opens.
    clock.advance(15 * 60_000 - 700);
    const conn = await connect(port, user.token);
    conn.mark();
    const closed = await conn.closed;
    expect(closed).toMatchObject({ code: 4401, reason: 'token expired' });
    expect(closed.afterMs).toBeLessThan(5_000);
  });
});
