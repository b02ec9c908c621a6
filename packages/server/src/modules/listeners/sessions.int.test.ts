import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icecastStatus, startIcecast, type Icecast } from '@grimnir/test-kit/icecast.js';
import { makeToneMp3 } from '@grimnir/test-kit/tone-fixtures.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { FileLoopFeeder } from '../../test-support/file-loop-feeder.js';
import { sourceRequest } from '../../test-support/source-client.js';
import { openStream, type StreamResponse } from '../../test-support/stream-client.js';
import { relayListeners } from './sessions-relays.js';

// Listener sessions end to end: real players on three mounts of one station (one listener on
// two mounts at once, then reconnecting), and the listeners of a real icecast2 the third mount
// feeds, counted from its status document.

const A = { 'x-forwarded-for': '81.2.69.160', 'user-agent': 'VLC/3.0.20 LibVLC/3.0.20' };
const B = { 'x-forwarded-for': '8.8.8.8', 'user-agent': 'Mozilla/5.0 Chrome/120.0 Safari/537.36' };
const RELAY_MOUNT = '/relay-test.mp3';

let dir: string;
let tone: Buffer;
let icecast: Icecast;
let t: TestApp;
let port: number;
let stationId: string;
let names: string[];
const feeders: FileLoopFeeder[] = [];
const streams: StreamResponse[] = [];
let source: Socket | undefined;
let sourceTimer: NodeJS.Timeout | undefined;

async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grimnir-sessions-'));
  tone = readFileSync(await makeToneMp3(dir, { freq: 440, seconds: 10 }));
  icecast = await startIcecast(dir);
  // The test's icecast2 is on loopback, which the outbound fence refuses unless allowed.
  t = await buildTestApp({
    env: { GRIMNIR_TRUST_PROXY: 'true', GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1' },
  });
  const admin = await t.adminToken();
  const station = await t.makeStation(admin, { name: 'Session FM' });
  stationId = station.id;
  const mounts = t.services.repositories.mounts;
  const base = (await mounts.findByName(station.slug))!;
  names = [station.slug, `${station.slug}-low`, `${station.slug}-relay`];
  for (const [i, name] of names.slice(1).entries())
    await mounts.insert(
      {
        ...base,
        id: randomUUID(),
        name,
        icecast:
          i === 1
            ? {
                host: '127.0.0.1',
                port: icecast.port,
                mount: RELAY_MOUNT,
                user: 'source',
                password: icecast.password,
              }
            : null,
      },
      new Date().toISOString(),
    );
  for (const name of names) {
    const hub = await t.realtime.broadcasts.open((await mounts.findByName(name))!);
    feeders.push(new FileLoopFeeder(hub, tone, { framing: 'mp3', prerollSeconds: 2 }).start());
  }
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  for (const f of feeders) f.stop();
  clearInterval(sourceTimer);
  source?.destroy();
  await t?.close();
  await icecast?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () =>
  t.database.db
    .selectFrom('listener_sessions')
    .selectAll()
    .where('station_id', '=', stationId)
    .execute();

function icecastListener(): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: icecast.port, path: RELAY_MOUNT }, (res) => {
      res.resume();
      resolve(req);
    });
    req.on('error', reject);
  });
}

describe('listener sessions', () => {
  it('records each connection on three mounts once, with a reconnect as a new session', async () => {
    const listen = async (mount: string, headers: Record<string, string>) => {
      const s = await openStream(port, `/stream/${mount}`, headers);
      streams.push(s);
      expect(s.status).toBe(200);
      await s.waitForBytes(1000);
      return s;
    };
    const [one, low] = names as [string, string, string];
    const a1 = await listen(one, A);
    await listen(low, A);
    await listen(names[2] as string, B);
    a1.close();
    await until('the first session ends', () => t.realtime.sessions.tracker.openCount === 2);
    await listen(one, A);
    await t.realtime.sessions.tracker.flush();
    const written = await rows();
    expect(written).toHaveLength(4);
    const byMount = (m: string) => written.filter((r) => r.mount === m);
    expect(
      byMount(one)
        .map((r) => r.ended_ms === null)
        .sort(),
    ).toEqual([false, true]);
    expect(byMount(low)).toHaveLength(1);
    const a = written.filter((r) => r.client_net === '81.2.69.0/24');
    expect(a).toHaveLength(3);
    // One listener on two mounts and after a reconnect is one client.
    expect(new Set(a.map((r) => r.client_hash)).size).toBe(1);
    expect(a.every((r) => r.country === 'GB' && r.user_agent === A['user-agent'])).toBe(true);
    const b = written.find((r) => r.client_net === '8.8.8.0/24');
    expect(b).toMatchObject({ country: 'US', mount: names[2], kind: 'direct' });
    expect(b?.client_hash).not.toBe(a[0]?.client_hash);
    // The address itself is stored nowhere.
    expect(JSON.stringify(written)).not.toMatch(/81\.2\.69\.160|8\.8\.8\.8\b/);
  });

  it('counts the listeners of an Icecast target from its status document', async () => {
    const src = await sourceRequest(
      icecast.port,
      'SOURCE',
      RELAY_MOUNT,
      `source:${icecast.password}`,
    );
    expect(src.status).toBe(200);
    source = src.socket;
    let offset = 0;
    sourceTimer = setInterval(() => {
      const chunk = tone.subarray(offset, offset + 1600);
      offset = offset + 1600 >= tone.length ? 0 : offset + 1600;
      source?.write(chunk);
    }, 100);
    const players = [await icecastListener(), await icecastListener()];
    const relayCount = async () =>
      relayListeners(await icecastStatus(icecast.port)).get(RELAY_MOUNT);
    await until('icecast counts two listeners', async () => (await relayCount()) === 2);
    await t.realtime.sessions.relays.poll();
    players[0]?.destroy();
    await until('icecast counts one listener', async () => (await relayCount()) === 1);
    await t.realtime.sessions.relays.poll();
    await t.realtime.sessions.tracker.flush();
    const relay = (await rows()).filter((r) => r.kind === 'relay');
    expect(relay).toHaveLength(2);
    expect(
      relay.every((r) => r.mount === names[2] && r.client_hash === null && r.user_agent === null),
    ).toBe(true);
    expect(relay.filter((r) => r.ended_ms === null)).toHaveLength(1);
    players[1]?.destroy();

    // The report counts all of it: 2 direct clients + 2 relay listeners; 6 sessions.
    const admin = await t.adminToken();
    const now = Date.now();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/breakdown?station_id=${stationId}&by=mount&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
      headers: bearer(admin),
    });
    const byMount = Object.fromEntries(
      res
        .json<{ rows: { key: string; sessions: number; unique: number }[] }>()
        .rows.map((r) => [r.key, r]),
    );
    expect(byMount[names[0] as string]).toMatchObject({ sessions: 2, unique: 1 });
    expect(byMount[names[1] as string]).toMatchObject({ sessions: 1, unique: 1 });
    expect(byMount[names[2] as string]).toMatchObject({ sessions: 3, unique: 3 });
  });
});
