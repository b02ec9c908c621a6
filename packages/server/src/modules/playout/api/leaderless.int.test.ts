import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { inProcessLeaderCommands } from '../../../infra/leader-commands.js';
import { startRedisLeadership } from '../../../infra/redis-leadership.js';
import { bearer, buildTestApp } from '../../../test-support/app.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';
import { inMemoryUpcomingItems } from '../ports.js';

type Upcoming = ReturnType<typeof inMemoryUpcomingItems>;
import { backToBack, insertMediaRow } from './media-row.fixture.js';

// The soak bench found now-playing wrong for 38–52 s per Redis outage: without Redis no replica
// leads, the director stops and the stored now-playing stands still while the engine plays on.
// Here a Redis of the test's own goes away under a replica whose engine moves to the next track.

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function privateRedis(): Promise<{ port: number; kill: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  };
  cleanups.push(kill);
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  await waitFor(() =>
    probe.ping().then(
      () => true,
      () => undefined,
    ),
  );
  probe.disconnect();
  return { port, kill };
}

interface NowPlayingBody {
  tier_name: string | null;
  current: { item_id: string; title: string; media_id: string; ends_at: string } | null;
}

/**
 * A station whose programme plays "One" now and "Two" three minutes later, the director
 * running it; `read` is its now-playing as the API answers it.
 */
async function stationOnAir(t: Awaited<ReturnType<typeof buildTestApp>>, upcoming: Upcoming) {
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const media = [
    await insertMediaRow(t.database.db, station.id, 'One'),
    await insertMediaRow(t.database.db, station.id, 'Two'),
  ];
  upcoming.set(
    backToBack(station.id, media, { nowMs: Date.now(), startedAgoMs: 5_000, lengthMs: 180_000 }),
  );
  await t.services.playout.director()?.reconcile();
  const read = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${station.id}/now-playing`,
      headers: bearer(admin),
    });
    expect(res.statusCode).toBe(200);
    return res.json<NowPlayingBody>();
  };
  const before = await waitFor(async () => {
    const np = await read();
    return np.current?.title === 'Test Artist - One' ? np.current : undefined;
  });
  return { station, read, before };
}

describe('now playing while no replica can lead', () => {
  it('follows what the engine plays once Redis is gone', async () => {
    const { port, kill } = await privateRedis();
    const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    cleanups.push(() => redis.disconnect());
    const leadership = startRedisLeadership({ redis, key: `test:${randomUUID()}`, leaseMs: 600 });
    cleanups.push(() => leadership.stop());
    await waitFor(() => leadership.isLeader());

    const fake = fakeEngine(() => Date.now());
    const upcoming = inMemoryUpcomingItems();
    const t = await buildTestApp({
      playout: { engine: fake.engine, upcoming },
      replica: { leadership, commands: inProcessLeaderCommands(log) },
    });
    cleanups.push(() => t.close());
    const { station, read, before } = await stationOnAir(t, upcoming);
    const title = async () => (await read()).current;

    await kill();
    await waitFor(() => leadership.leaderless());
    // The engine moves on by itself: the next track is minutes away (not loaded yet), so to its
    // fallback rotation; no director is left to record it.
    fake.finishCurrent(station.id);
    const playing = fake.station(station.id).current;
    expect(playing?.id).toMatch(/^f:/);
    const during = await waitFor(async () => {
      const c = await title();
      return c !== null && c.item_id === playing?.id ? c : undefined;
    });
    expect(during).toMatchObject({ title: playing?.title, media_id: playing?.id.split(':')[2] });
    expect(during.item_id).not.toBe(before.item_id);
    // Cue to cue (500 ms to 179 s), counted from the engine's position (0 here).
    const left = Date.parse(during.ends_at) - Date.now();
    expect(left).toBeGreaterThan(170_000);
    expect(left).toBeLessThanOrEqual(178_500);
    expect(await read()).toMatchObject({ on_air: true, tier_name: 'fallback' });
  });
});

describe('now playing while the director cannot record', () => {
  it('names what the engine plays when the stored record lags it', async () => {
    // A leader that lost its database or is failing over records nothing while the engine plays
    // on (the soak saw now-playing wrong around PostgreSQL and control-plane restarts). Here the
    // director simply stops under a leader that keeps its lease.
    const fake = fakeEngine(() => Date.now());
    const upcoming = inMemoryUpcomingItems();
    const t = await buildTestApp({ playout: { engine: fake.engine, upcoming } });
    cleanups.push(() => t.close());
    const { station, read, before } = await stationOnAir(t, upcoming);
    const director = t.services.playout.director();

    await director?.stop();
    fake.finishCurrent(station.id);
    const playing = fake.station(station.id).current;
    expect(playing?.id).not.toBe(before.item_id);
    const stored = await t.database.db
      .selectFrom('executor_states')
      .select('item_id')
      .where('station_id', '=', station.id)
      .executeTakeFirst();
    expect(stored?.item_id).toBe(before.item_id);
    const np = await waitFor(async () => {
      const v = await read();
      return v.current?.item_id === playing?.id ? v : undefined;
    });
    expect(np).toMatchObject({ tier_name: 'fallback', current: { title: playing?.title } });
  });
});
