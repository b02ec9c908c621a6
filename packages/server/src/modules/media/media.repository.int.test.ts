import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/db.js';
import {
  createMediaRepository,
  isUniqueViolation,
  type MediaRepository,
  type NewMedia,
} from './media.repository.js';
import type { MediaCursor } from './media-cursor.js';

// The repository on the backend CI selects (GRIMNIR_TEST_DB=postgres gets a throwaway database).
let testDb: TestDatabase;
let handle: DatabaseHandle;
let repo: MediaRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const postgres = testDb.env.GRIMNIR_DB_BACKEND === 'postgres';
  handle = openDatabase({
    backend: postgres ? 'postgres' : 'sqlite',
    dsn: testDb.env.GRIMNIR_DB_DSN ?? '',
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 1,
  });
  repo = createMediaRepository(handle.db);
});

afterAll(async () => {
  await handle.close();
  await testDb.cleanup();
});

async function makeStation(): Promise<string> {
  const id = randomUUID();
  await handle.db
    .insertInto('stations')
    .values({
      id,
      name: `Station ${id}`,
      slug: `s-${id}`,
      description: '',
      timezone: 'UTC',
      active: true,
      public: false,
      loudness_target_lufs: -16,
      crossfade_ms: 0,
      crossfade_curve: 'linear',
    })
    .execute();
  return id;
}

let seq = 0;
function newMedia(stationId: string, overrides: Partial<NewMedia> = {}): NewMedia {
  seq += 1;
  const id = randomUUID();
  return {
    id,
    station_id: stationId,
    title: `Track ${seq}`,
    artist: null,
    album: null,
    genre: null,
    year: null,
    track_number: null,
    isrc: null,
    bpm: null,
    mood: null,
    language: null,
    label: null,
    explicit: false,
    tags: [],
    duration_ms: 1000,
    original_filename: 'x.mp3',
    storage_path: `${stationId}/${id}.mp3`,
    mime_type: 'audio/mpeg',
    size_bytes: 5_000_000_000,
    content_hash: randomUUID(),
    artwork_path: null,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...overrides,
  };
}

describe('media repository', () => {
  it('inserts and reads back normalised values', async () => {
    const station = await makeStation();
    const m = newMedia(station, {
      explicit: true,
      tags: ['a', 'b'],
      artwork_path: 'x/y.cover.jpg',
      bpm: 120.5,
    });
    const inserted = await repo.insert(m);
    expect(inserted).toMatchObject({
      id: m.id,
      explicit: true,
      has_artwork: true,
      active: true,
      tags: ['a', 'b'],
      size_bytes: 5_000_000_000,
      bpm: 120.5,
      analysis_state: 'pending',
      play_count: 0,
      created_at: m.created_at,
      updated_at: m.created_at,
      analyzed_at: null,
    });
    expect(await repo.findById(m.id)).toEqual(inserted);
    expect(await repo.findByHash(station, m.content_hash)).toEqual(inserted);
    expect(await repo.findById(randomUUID())).toBeUndefined();
  });

  it('enforces one copy of a content hash per station, not across stations', async () => {
    const [a, b] = [await makeStation(), await makeStation()];
    const first = newMedia(a);
    await repo.insert(first);
    const err: unknown = await repo.insert(newMedia(a, { content_hash: first.content_hash })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    await expect(
      repo.insert(newMedia(b, { content_hash: first.content_hash })),
    ).resolves.toBeDefined();
  });

  it('pages newest first with a keyset that survives equal timestamps', async () => {
    const station = await makeStation();
    const sameTime = '2026-02-02T10:00:00.000Z';
    const inserted = [];
    for (let i = 0; i < 7; i++)
      inserted.push(await repo.insert(newMedia(station, i < 4 ? { created_at: sameTime } : {})));
    const seen: string[] = [];
    let after: MediaCursor | undefined;
    for (;;) {
      const page = await repo.list({
        stationId: station,
        limit: 3,
        after,
        sort: 'added',
        desc: true,
      });
      seen.push(...page.map((m) => m.record.id));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      after = { sort: 'added', desc: true, key: last.sortKey, id: last.record.id };
    }
    const expected = [...inserted]
      .sort((x, y) =>
        x.created_at === y.created_at
          ? x.id < y.id
            ? 1
            : -1
          : x.created_at < y.created_at
            ? 1
            : -1,
      )
      .map((m) => m.id);
    expect(seen).toEqual(expected);
  });

  it('searches title, artist, album and genre case-insensitively, wildcards taken literally', async () => {
    const station = await makeStation();
    await repo.insert(newMedia(station, { title: 'Morning Glory' }));
    await repo.insert(newMedia(station, { title: 'x', artist: 'The MORNING Band' }));
    await repo.insert(newMedia(station, { title: 'y', album: 'Good morning' }));
    await repo.insert(newMedia(station, { title: 'z', genre: 'Morningcore' }));
    await repo.insert(newMedia(station, { title: '100% Pure_Fun' }));
    await repo.insert(newMedia(station, { title: 'Evening' }));
    const titles = async (q: string) =>
      (await repo.list({ stationId: station, q, limit: 50, sort: 'added', desc: true }))
        .map((m) => m.record.title)
        .sort();
    expect(await titles('morning')).toEqual(['Morning Glory', 'x', 'y', 'z']);
    expect(await titles('100%')).toEqual(['100% Pure_Fun']);
    expect(await titles('%')).toEqual(['100% Pure_Fun']);
    expect(await titles('p_r')).toEqual([]);
    expect(await titles('e_f')).toEqual(['100% Pure_Fun']);
    expect(await titles("' or 1=1 --")).toEqual([]);
  });

  it('updates tags and deletes, returning undefined for unknown ids', async () => {
    const station = await makeStation();
    const m = await repo.insert(newMedia(station));
    const later = '2026-03-03T00:00:00.000Z';
    const updated = await repo.update(
      m.id,
      { title: 'New', artist: null, tags: ['x'], explicit: true },
      later,
    );
    expect(updated).toMatchObject({
      title: 'New',
      artist: null,
      tags: ['x'],
      explicit: true,
      updated_at: later,
    });
    expect(await repo.update(randomUUID(), { title: 'n' }, later)).toBeUndefined();
    expect((await repo.delete(m.id))?.id).toBe(m.id);
    expect(await repo.delete(m.id)).toBeUndefined();
    expect(await repo.findById(m.id)).toBeUndefined();
  });
});
