import { afterEach, describe, expect, it } from 'vitest';
import { createLibraryRepository } from '../../programming/planner/library.repository.js';
import { createAnalysisRepository } from '../../analysis/index.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';
import { inMemoryUpcomingItems } from '../ports.js';
import { insertMediaRow } from './media-row.fixture.js';

// Against the real database (SQLite, and PostgreSQL with GRIMNIR_TEST_DB=postgres): a file the
// engine keeps failing to decode is fenced and shown so; a station whose engine is gone says it
// is off air on now-playing and /healthz.

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('faults the director reports', () => {
  it('fences a file after three decoder failures until it is analysed again', async () => {
    t = await buildTestApp({
      playout: { engine: fakeEngine(() => Date.now()).engine, upcoming: inMemoryUpcomingItems() },
    });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, {});
    const bad = await insertMediaRow(t.database.db, station.id, 'Broken');
    const repo = t.services.playout.repo;
    const now = new Date().toISOString();
    expect(await repo.recordDecoderFailure(bad, 'decoder exited: junk', 3, now)).toEqual({
      failures: 1,
      failed: false,
    });
    await repo.recordDecoderFailure(bad, 'decoder exited: junk', 3, now);
    expect(await repo.recordDecoderFailure(bad, 'decoder exited: junk', 3, now)).toEqual({
      failures: 3,
      failed: true,
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/media/${bad}`,
      headers: bearer(admin),
    });
    expect(res.json()).toMatchObject({
      playout_state: 'failed',
      playout_failures: 3,
      playout_error: 'decoder exited: junk',
    });
    const library = createLibraryRepository(t.database.db);
    expect((await library.tracks(station.id)).map((x) => x.id)).not.toContain(bad);
    expect((await repo.fallbackMedia(station.id, 10)).map((m) => m.id)).not.toContain(bad);
    const queued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/queue',
      headers: bearer(admin),
      payload: { station_id: station.id, media_id: bad },
    });
    expect(queued.statusCode).toBe(409);
    expect(queued.json()).toMatchObject({ error: 'media_failed' });

    // Analysed again: back in rotation.
    await createAnalysisRepository(t.database.db).complete(
      bad,
      {
        durationMs: 180_000,
        loudnessLufs: -14,
        loudnessRangeLu: 5,
        truePeakDbtp: -1,
        replaygainDb: -4,
        cueInMs: 0,
        cueOutMs: 180_000,
        introMs: 0,
        outroMs: 180_000,
      },
      new Date().toISOString(),
    );
    expect(await repo.media(bad)).toMatchObject({ failed: false });
    expect((await library.tracks(station.id)).map((x) => x.id)).toContain(bad);
  });

  it('says off air on now-playing and /healthz while the engine is gone, then names the track', async () => {
    const fake = fakeEngine(() => Date.now());
    t = await buildTestApp({ playout: { engine: fake.engine, upcoming: inMemoryUpcomingItems() } });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { public: true });
    await insertMediaRow(t.database.db, station.id, 'Fallback');
    await t.services.playout.director()?.reconcile();
    const nowPlaying = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/stations/${station.id}/now-playing`,
          headers: bearer(admin),
        })
      ).json<{ on_air: boolean; off_air_reason: string | null; current: unknown }>();
    await until(async () => ((await nowPlaying()).current ? true : undefined));
    expect(await nowPlaying()).toMatchObject({ on_air: true, off_air_reason: null });

    fake.setUnreachable(true);
    fake.emit(station.id, { type: 'stream_lost' });
    const off = await until(async () => {
      const np = await nowPlaying();
      return np.off_air_reason ? np : undefined;
    });
    expect(off).toEqual(
      expect.objectContaining({
        on_air: false,
        off_air_reason: 'engine_unreachable',
        current: null,
      }),
    );
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({
      reasons: [`station ${station.id} off air: engine unreachable`],
      off_air: [{ station_id: station.id, reason: 'engine_unreachable' }],
    });

    fake.setUnreachable(false);
    await until(async () => ((await nowPlaying()).current ? true : undefined));
    expect(await nowPlaying()).toMatchObject({ on_air: true, off_air_reason: null });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
