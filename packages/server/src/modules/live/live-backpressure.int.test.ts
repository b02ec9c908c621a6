import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { playingStatus } from '../../test-support/fake-engine.js';
import { sourceRequest } from '../../test-support/source-client.js';
import type { LiveEngine } from './live-sessions.js';

// Back-pressure from the engine's live stream to the DJ's TCP socket, with the engine stalled on
// purpose: an engine stand-in that stops pulling audio must stop the server reading the socket
// (the DJ's writes back up in the kernel), and reading resumes once the engine pulls again.

const ack = { ok: true, message: '' };
let t: TestApp;
let port: number;
let pulled = 0;
let received: Buffer[] = [];
let release: () => void = () => undefined;

beforeEach(async () => {
  pulled = 0;
  received = [];
  const stalled = new Promise<void>((r) => (release = r));
  const engine: LiveEngine = {
    status: playingStatus,
    detachLive: () => Promise.resolve(ack),
    setTitle: () => Promise.resolve(ack),
    async attachLive(_stationId, _contentType, data) {
      const it = data[Symbol.asyncIterator]();
      const first = await it.next();
      pulled += first.value?.length ?? 0;
      if (first.value) received.push(Buffer.from(first.value));
      await stalled;
      for (let n = await it.next(); n.done !== true; n = await it.next()) {
        pulled += n.value.length;
        if (received.length < 64) received.push(Buffer.from(n.value));
      }
      return ack;
    },
  };
  t = await buildTestApp({ liveEngine: engine });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterEach(async () => {
  release();
  await t.close();
});

async function connectDj(extra: Record<string, string> = {}) {
  const admin = bearer(await t.adminToken());
  const station = await t.makeStation(admin.authorization.slice(7));
  const mount = (
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${station.id}/mounts`,
      headers: admin,
    })
  ).json<{ id: string; name: string }[]>()[0]!;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/live/tokens',
    headers: admin,
    payload: { station_id: station.id, mount_id: mount.id },
  });
  const { password } = created.json<{ password: string }>();
  const dj = await sourceRequest(
    port,
    'SOURCE',
    `/live/${mount.name}`,
    `source:${password}`,
    extra,
  );
  expect(dj.status).toBe(200);
  return { admin, dj, stationId: station.id };
}

describe('live source back-pressure', () => {
  it('stops reading the DJ socket while the engine stream is full', async () => {
    const { admin, dj } = await connectDj();
    // 32 MiB offered at once, far more than socket buffers hold.
    const total = 32 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x55);
    for (let sent = 0; sent < total; sent += chunk.length) dj.socket.write(chunk);
    await new Promise((r) => setTimeout(r, 1_500));
    const session = (
      await t.app.inject({ method: 'GET', url: '/api/v1/live/sessions', headers: admin })
    ).json<{ id: string; bytes_received: number }[]>()[0]!;
    // Read by the server: at most a chunk or two beyond what the engine took.
    expect(session.bytes_received).toBeLessThan(1024 * 1024);
    expect(dj.socket.writableLength).toBeGreaterThan(total / 2);

    release();
    await waitFor(() => (pulled === total ? true : undefined), 20_000, 'all audio pulled');
    dj.socket.end();
    const ended = await waitFor(
      async () => {
        const s = (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/live/sessions/${session.id}`,
            headers: admin,
          })
        ).json<{ active: boolean; end_reason: string; bytes_received: number }>();
        return s.active ? undefined : s;
      },
      10_000,
      'session ended',
    );
    expect(ended).toMatchObject({ end_reason: 'disconnected', bytes_received: total });
  }, 60_000);

  it('ends sessions, hangs up and releases the air when the server shuts down', async () => {
    const { dj, stationId } = await connectDj();
    release();
    dj.socket.write(Buffer.alloc(4096));
    const closed = new Promise<void>((r) => dj.socket.once('close', () => r()));
    dj.socket.on('error', () => undefined);
    await waitFor(
      async () =>
        (await t.services.playout.repo.activeSources(stationId)).length === 1 ? true : undefined,
      5_000,
      'air claimed',
    );
    await t.app.close();
    await closed;
    const rows = await t.database.db.selectFrom('live_sessions').selectAll().execute();
    expect(rows).toMatchObject([{ end_reason: 'shutdown' }]);
    expect(await t.services.playout.repo.activeSources(stationId)).toEqual([]);
  });

  it('de-chunks a source body sent with Transfer-Encoding: chunked', async () => {
    const { dj } = await connectDj({ 'Transfer-Encoding': 'chunked' });
    release();
    dj.socket.write('5\r\nfirst\r\n');
    dj.socket.write('7;ext=1\r\n-second\r\n0\r\n\r\n');
    await waitFor(() => (pulled >= 12 ? true : undefined), 5_000, 'body pulled');
    dj.socket.end();
    await new Promise((r) => setTimeout(r, 200));
    expect(Buffer.concat(received).toString()).toBe('first-second');
    expect(pulled).toBe(12);
  });
});
