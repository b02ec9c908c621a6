import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisLeaderCommands } from '../../../infra/redis-leader-commands.js';
import { startRedisLeadership } from '../../../infra/redis-leadership.js';
import { bearer, buildTestApp } from '../../../test-support/app.js';
import { fakeEngine, playingStatus } from '../../../test-support/fake-engine.js';
import { sourceRequest } from '../../../test-support/source-client.js';
import type { LiveEngine } from '../../live/live-sessions.js';
import { insertMediaRow } from './media-row.fixture.js';

// Two replicas of the control plane in one process, as an operator runs them: one database,
// one Redis, one engine. Commands posted to the follower are carried out by the leader's
// director, and the follower answers with what the engine did.

const url = process.env.GRIMNIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 5_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ack = { ok: true, message: '' };
/** Live ingest's engine on the follower: takes the DJ's audio until the DJ hangs up. */
const liveEngine: LiveEngine = {
  status: playingStatus,
  detachLive: () => Promise.resolve(ack),
  setTitle: () => Promise.resolve(ack),
  async attachLive(_stationId, _contentType, data) {
    let bytes = 0;
    for await (const chunk of data) bytes += chunk.length;
    return { ...ack, message: `${bytes} bytes heard` };
  },
};

async function replica(prefix: string, engine: ReturnType<typeof fakeEngine>, env = {}) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  cleanups.push(() => redis.quit());
  const leadership = startRedisLeadership({ redis, key: `${prefix}leader`, leaseMs: 1_000 });
  cleanups.push(() => leadership.stop());
  const commands = await createRedisLeaderCommands({
    redis,
    prefix,
    leadership,
    log,
    timeoutMs: 600,
  });
  cleanups.push(() => commands.close());
  const t = await buildTestApp({
    env,
    playout: { engine: engine.engine },
    liveEngine,
    replica: { leadership, commands },
  });
  cleanups.push(() => t.close());
  return { t, leadership };
}

/** A leader and a follower on one database, and a station the leader's director plays. */
async function pair() {
  const prefix = `grimnir:test:${randomUUID()}:`;
  const fake = fakeEngine(() => Date.now());
  const leader = await replica(prefix, fake);
  await waitFor(() => leader.leadership.isLeader());
  const db = leader.t.config.db;
  const follower = await replica(prefix, fake, {
    GRIMNIR_DB_BACKEND: db.backend,
    GRIMNIR_DB_DSN: db.dsn,
  });
  const admin = await follower.t.makeUser({ role: 'admin' });
  const station = await follower.t.makeStation(admin.token);
  const media = await insertMediaRow(follower.t.database.db, station.id, 'Alert');
  await leader.t.services.playout.director()?.reconcile();
  await waitFor(() => fake.station(station.id).state === 'playing');
  return { leader, follower, fake, station, media, token: admin.token };
}

describe('two replicas', () => {
  it('an emergency posted to the follower is on air at the engine when the call returns', async () => {
    const { follower, fake, station, media, token } = await pair();
    expect(follower.leadership.isLeader()).toBe(false);
    const started = Date.now();
    const res = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/priority/emergency',
      headers: bearer(token),
      payload: { station_id: station.id, media_id: media },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ on_air: true });
    expect(fake.station(station.id).state).toBe('emergency');
    expect(Date.now() - started).toBeLessThan(500);
    const del = await follower.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/priority/${res.json<{ id: string }>().id}`,
      headers: bearer(token),
    });
    expect(del.statusCode).toBe(204);
    expect(fake.station(station.id).state).toBe('playing');
    const skip = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: bearer(token),
      payload: { station_id: station.id },
    });
    expect(skip.statusCode).toBe(204);
    expect(fake.ops(station.id).at(-1)?.op).toBe('skip');
  });

  it('answers 202 "accepted, the leader will apply it" when no replica leads', async () => {
    const { leader, follower, fake, station, media, token } = await pair();
    await follower.leadership.stop();
    await leader.leadership.stop();
    const res = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/priority/emergency',
      headers: bearer(token),
      payload: { station_id: station.id, media_id: media },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ on_air: false, tier: 0 });
    expect(fake.station(station.id).state).toBe('playing');
    const skip = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: bearer(token),
      payload: { station_id: station.id },
    });
    expect(skip.statusCode).toBe(202);
    expect(skip.json()).toEqual({
      status: 'accepted',
      message: 'accepted, the leader will apply it',
    });
    const refresh = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/schedule/refresh',
      headers: bearer(token),
      payload: { station_id: station.id },
    });
    expect(refresh.statusCode).toBe(202);
    expect(refresh.json()).toMatchObject({ status: 'accepted' });
  });

  it('a schedule refresh posted to the follower is planned by the leader and answered with its counts', async () => {
    const { leader, follower, station, token } = await pair();
    const builds = async (t: typeof leader.t) =>
      (await t.metrics.registry.getSingleMetricAsString('grimnir_scheduler_build_duration_seconds'))
        .split('\n')
        .filter((l) => l.startsWith('grimnir_scheduler_build_duration_seconds_count'))
        .map((l) => Number(l.split(' ').at(-1)))
        .reduce((a, b) => a + b, 0);
    const before = { leader: await builds(leader.t), follower: await builds(follower.t) };
    const res = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/schedule/refresh',
      headers: bearer(token),
      payload: { station_id: station.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      station_id: station.id,
      inserted: expect.any(Number),
      removed: expect.any(Number),
      items: expect.any(Number),
      horizon: expect.any(String),
    });
    // The plan was built (and its write fenced) on the leader, not on the follower.
    expect(await builds(leader.t)).toBe(before.leader + 1);
    expect(await builds(follower.t)).toBe(before.follower);
  });

  it('a DJ connected to the follower is on air and named within 1 s', async () => {
    const { leader, follower, station, token } = await pair();
    await follower.t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (follower.t.app.server.address() as AddressInfo).port;
    const mount = (
      await follower.t.app.inject({
        url: `/api/v1/stations/${station.id}/mounts`,
        headers: bearer(token),
      })
    ).json<{ id: string; name: string }[]>()[0]!;
    const created = await follower.t.app.inject({
      method: 'POST',
      url: '/api/v1/live/tokens',
      headers: bearer(token),
      payload: { station_id: station.id, mount_id: mount.id, label: 'Night Shift' },
    });
    const { password } = created.json<{ password: string }>();
    const connectedAt = Date.now();
    const dj = await sourceRequest(port, 'SOURCE', `/live/${mount.name}`, `source:${password}`);
    expect(dj.status).toBe(200);
    cleanups.push(() => Promise.resolve(dj.socket.destroy()));
    const named = await waitFor(async () => {
      const row = await leader.t.services.playout.repo.executor(station.id);
      return row?.title === 'Night Shift' ? row : undefined;
    }, 1_000);
    expect(Date.now() - connectedAt).toBeLessThan(1_000);
    expect(named).toMatchObject({ tier: 1, state: 'live' });
  });
});
