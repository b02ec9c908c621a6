import { smartBlockRulesSchema } from '@grimnir/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia, musicLibrary } from '../../../test-support/programming-factories.js';
import { trackFieldsFor } from '../core/track-fields.js';
import type { StationPlanInput } from '../core/plan-types.js';
import { createLibraryRepository } from './library.repository.js';
import { planStation } from './planner.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const NOW = Date.UTC(2026, 5, 1, 10, 7);
const rules = smartBlockRulesSchema.parse({
  include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
  separation: { artist_minutes: 60, title_minutes: 720 },
  fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
});

describe('the library read with only the fields the blocks use', () => {
  it('leaves the other fields out and plans what the full read plans', async () => {
    t = await buildTestApp();
    const station = await t.makeStation(await t.adminToken());
    await insertMedia(t.database.db, station.id, musicLibrary(12, 5));
    const repo = createLibraryRepository(t.database.db);
    const full = await repo.tracks(station.id);
    const only = await repo.tracks(station.id, trackFieldsFor([rules]));
    expect(only).toHaveLength(full.length);
    expect(only[0]).toEqual({
      id: full[0]?.id,
      durationMs: full[0]?.durationMs,
      cueInMs: full[0]?.cueInMs,
      cueOutMs: full[0]?.cueOutMs,
      title: full[0]?.title,
      artist: full[0]?.artist,
      album: full[0]?.album,
      tags: full[0]?.tags,
    });
    // The full read has them (rows come in id order, random ids: any track will do).
    expect(new Set(full.map((x) => x.genre))).toEqual(new Set(['rock', 'pop']));
    const plan = (library: StationPlanInput['library']) =>
      planStation({
        stationId: station.id,
        timezone: 'Europe/London',
        nowMs: NOW,
        window: { startMs: NOW, endMs: NOW + 6 * 3_600_000 },
        entries: [],
        clocks: [
          {
            id: 'clock',
            name: 'hourly',
            priority: 0,
            hours: [
              { days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) },
            ],
            slots: [{ offsetMs: 0, type: 'smart_block', payload: { smart_block_id: 'sb' } }],
          },
        ],
        smartBlocks: new Map([['sb', rules]]),
        playlists: new Map(),
        library,
        history: [],
        fallback: null,
        existing: [],
      });
    const planned = plan(only);
    expect(planned.items.length).toBeGreaterThan(50);
    expect(planned).toEqual(plan(full));
  });
});
