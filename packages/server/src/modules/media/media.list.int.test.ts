import type { Media, MediaListResponse } from '@grimnir/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test-support/app.js';
import { insertLibraryRows, type LibraryRow } from '../../test-support/library-rows.js';
import { useMediaSuite } from '../../test-support/media-suite.js';
import type { MediaWorld } from '../../test-support/media.js';

const suite = useMediaSuite('grimnir-media-list-');
const { get } = suite;
let t: TestApp;
let w: MediaWorld;
beforeEach(() => {
  ({ t, w } = suite.current());
});

const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

const LIBRARY: LibraryRow[] = [
  {
    title: 'Blue Monday',
    artist: 'New Order',
    album: 'Power',
    genre: 'Synth',
    tags: ['80s', 'dance'],
    durationMs: 448_000,
    createdAt: day(1),
    lastPlayedAt: day(20),
  },
  {
    title: 'ceremony',
    artist: 'new order',
    album: 'Substance',
    genre: 'synth',
    tags: ['80s'],
    durationMs: 263_000,
    createdAt: day(2),
  },
  {
    title: 'Atmosphere',
    artist: 'Joy Division',
    album: 'Substance',
    genre: 'Post-punk',
    tags: ['80s', 'slow'],
    durationMs: 250_000,
    createdAt: day(3),
    lastPlayedAt: day(10),
  },
  {
    title: 'Ident',
    artist: null,
    album: null,
    genre: null,
    tags: ['jingle'],
    durationMs: 8_000,
    createdAt: day(4),
  },
  {
    title: 'Broken',
    artist: 'Zed',
    album: 'Alpha',
    genre: 'Rock',
    durationMs: null,
    createdAt: day(5),
    analysisState: 'failed',
    analysisError: 'not audio',
  },
  {
    title: 'Queued',
    artist: 'Zed',
    album: 'Alpha',
    genre: 'Rock',
    durationMs: 200_000,
    createdAt: day(6),
    analysisState: 'pending',
    lastPlayedAt: day(15),
  },
  {
    title: 'Blue Monday',
    artist: 'NEW ORDER',
    album: 'Singles',
    genre: 'Synth',
    durationMs: 448_400,
    createdAt: day(7),
  },
];

async function seed(): Promise<Map<string, LibraryRow>> {
  const ids = await insertLibraryRows(t.database.db, w.stationA, LIBRARY);
  // Another station's rows must never show up.
  await insertLibraryRows(t.database.db, w.stationB, [{ title: 'Blue elsewhere', tags: ['80s'] }]);
  return new Map(ids.map((id, i) => [id, LIBRARY[i] as LibraryRow]));
}

async function page(query: string, auth = w.viewerA): Promise<MediaListResponse> {
  const res = await get(`/api/v1/media?station_id=${w.stationA}&${query}`, auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<MediaListResponse>();
}

/** Every item, following cursors two at a time. */
async function all(query: string): Promise<Media[]> {
  const out: Media[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 20; n++) {
    const p: MediaListResponse = await page(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...p.items);
    cursor = p.next_cursor;
    if (cursor === null) return out;
  }
  throw new Error('paging did not end');
}

const titles = (items: Media[]) => items.map((m) => m.title);
const keyOf: Record<string, (m: Media) => string | number> = {
  added: (m) => m.created_at,
  title: (m) => m.title.toLowerCase(),
  artist: (m) => (m.artist ?? '').toLowerCase(),
  album: (m) => (m.album ?? '').toLowerCase(),
  genre: (m) => (m.genre ?? '').toLowerCase(),
  duration: (m) => m.duration_ms ?? -1,
  last_played: (m) => m.last_played_at ?? '1970-01-01T00:00:00.000Z',
};

describe('GET /api/v1/media: sorts', () => {
  it.each(Object.keys(keyOf).flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]))(
    'pages by %s %s in a total order, without overlaps or gaps',
    async (sort, order) => {
      await seed();
      const items = await all(`sort=${sort}&order=${order}`);
      const key = keyOf[sort] as (m: Media) => string | number;
      const sign = order === 'asc' ? 1 : -1;
      const expected = [...items].sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      });
      expect(items).toHaveLength(LIBRARY.length);
      expect(items.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    },
  );

  it('defaults to newest first, and A to Z for text sorts', async () => {
    await seed();
    expect(titles((await page('')).items).slice(0, 2)).toEqual(['Blue Monday', 'Queued']);
    expect(titles((await page('sort=title')).items)[0]).toBe('Atmosphere');
  });

  it('refuses a cursor made for another order', async () => {
    await seed();
    const first = await page('sort=title&limit=2');
    expect(first.next_cursor).not.toBeNull();
    const res = await get(
      `/api/v1/media?station_id=${w.stationA}&sort=artist&cursor=${first.next_cursor}`,
      w.viewerA,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad_request' });
  });
});

describe('GET /api/v1/media: filters and search', () => {
  it.each([
    [
      'artist, case-insensitively',
      'artist=new%20order',
      ['Blue Monday', 'Blue Monday', 'ceremony'],
    ],
    ['album', 'album=Substance', ['Atmosphere', 'ceremony']],
    ['genre', 'genre=SYNTH', ['Blue Monday', 'Blue Monday', 'ceremony']],
    ['tag', 'tag=80s', ['Atmosphere', 'Blue Monday', 'ceremony']],
    ['failed analyses', 'analysis_state=failed', ['Broken']],
    ['added in a range', `added_from=${day(2)}&added_to=${day(4)}`, ['Atmosphere', 'ceremony']],
    ['played in a range', `played_from=${day(12)}&played_to=${day(21)}`, ['Blue Monday', 'Queued']],
    ['played since, with an offset', 'played_from=2026-01-14T23:00:00-02:00', ['Blue Monday']],
    ['one word in any column', 'q=substance', ['Atmosphere', 'ceremony']],
    ['every word, each in any column', 'q=blue%20singles', ['Blue Monday']],
    ['short words', 'q=ze', ['Broken', 'Queued']],
    ['a short and a long word', 'q=jo%20atmo', ['Atmosphere']],
    ['search with a filter', 'q=monday&tag=dance', ['Blue Monday']],
    ['no match', 'q=zzzz', []],
  ])('filters by %s', async (_name, query, expected) => {
    await seed();
    expect(titles((await page(`${query}&limit=50`)).items).sort()).toEqual(expected);
  });

  it('answers a broad search (thousands of matches) in the same order and pages', async () => {
    const rows = Array.from({ length: 2_100 }, (_, i) => ({
      title: `Common Word ${i}`,
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 1_000).toISOString(),
    }));
    await insertLibraryRows(t.database.db, w.stationA, rows);
    const first = await page('q=common%20word&limit=3');
    expect(titles(first.items)).toEqual([
      'Common Word 2099',
      'Common Word 2098',
      'Common Word 2097',
    ]);
    const second = await page(`q=common%20word&limit=3&cursor=${first.next_cursor}`);
    expect(titles(second.items)).toEqual([
      'Common Word 2096',
      'Common Word 2095',
      'Common Word 2094',
    ]);
    expect(titles((await page('q=common%20word%202050&sort=title')).items)).toEqual([
      'Common Word 2050',
    ]);
  });

  // Between a few hundred and two thousand matches, SQLite walks the sort index and probes the
  // matches instead of sorting them: same answers, same pages, in every sort.
  it('answers searches and tags with hundreds of matches in the same order and pages', async () => {
    const rows = Array.from({ length: 1_400 }, (_, i) => ({
      title: i % 2 === 0 ? `Middle Word ${i}` : `Other ${i}`,
      tags: i % 2 === 0 ? ['mid'] : ['odd'],
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 1_000).toISOString(),
    }));
    await insertLibraryRows(t.database.db, w.stationA, rows);
    for (const filter of ['q=middle%20word', 'tag=mid']) {
      const first = await page(`${filter}&limit=3`);
      expect(titles(first.items)).toEqual([
        'Middle Word 1398',
        'Middle Word 1396',
        'Middle Word 1394',
      ]);
      const second = await page(`${filter}&limit=3&cursor=${first.next_cursor}`);
      expect(titles(second.items)).toEqual([
        'Middle Word 1392',
        'Middle Word 1390',
        'Middle Word 1388',
      ]);
      const byTitle = await page(`${filter}&sort=title&limit=2`);
      expect(titles(byTitle.items)).toEqual(['Middle Word 0', 'Middle Word 10']);
    }
    expect(titles((await page('q=middle%20word%20130&tag=mid&sort=title')).items)).toEqual([
      'Middle Word 1130',
      'Middle Word 130',
      'Middle Word 1300',
      'Middle Word 1302',
      'Middle Word 1304',
      'Middle Word 1306',
      'Middle Word 1308',
    ]);
  });

  it('keeps tag filters in step with edits (single and bulk)', async () => {
    const ids = [...(await seed()).keys()];
    const [a, b] = ids as [string, string];
    const dj = w.djA;
    const one = await suite.call('PATCH', `/api/v1/media/${a}`, dj, { tags: ['fresh'] });
    expect(one.statusCode).toBe(200);
    expect(titles((await page('tag=80s')).items).sort()).toEqual(['Atmosphere', 'ceremony']);
    const bulk = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/media',
      headers: dj,
      payload: { station_id: w.stationA, ids: [a, b], add_tags: ['night'], remove_tags: ['80s'] },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(
      bulk
        .json<{ items: Media[] }>()
        .items.map((m) => m.tags)
        .sort(),
    ).toEqual([['fresh', 'night'], ['night']]);
    expect(titles((await page('tag=night')).items).sort()).toEqual(['Blue Monday', 'ceremony']);
    expect(titles((await page('tag=80s')).items)).toEqual(['Atmosphere']);
  });

  it('finds an item by its new title after an edit, and forgets it when deleted', async () => {
    const [id] = [...(await seed()).keys()];
    await suite.call('PATCH', `/api/v1/media/${id}`, w.djA, { title: 'Renamed Quasar' });
    expect(titles((await page('q=quasar')).items)).toEqual(['Renamed Quasar']);
    expect((await suite.call('DELETE', `/api/v1/media/${id}`, w.managerA)).statusCode).toBe(204);
    expect((await page('q=quasar')).items).toEqual([]);
  });

  it.each([
    ['an unknown sort', 'sort=rowid'],
    ['an unknown state', 'analysis_state=done'],
    ['a date without offset', 'added_from=2026-01-01T00:00:00'],
  ])('answers %s with 400', async (_name, query) => {
    const res = await get(`/api/v1/media?station_id=${w.stationA}&${query}`, w.viewerA);
    expect(res.statusCode).toBe(400);
  });
});

describe('library views', () => {
  it('groups look-alikes (title, artist, duration to the second) and pages the groups', async () => {
    await seed();
    await insertLibraryRows(t.database.db, w.stationA, [
      { title: 'Ident', durationMs: 8_400 },
      { title: 'Ident', durationMs: 9_000 },
    ]);
    const res = await get(`/api/v1/media/duplicates?station_id=${w.stationA}&limit=1`, w.viewerA);
    expect(res.statusCode).toBe(200);
    const first = res.json<{ groups: { title: string; items: Media[] }[]; next_cursor: string }>();
    expect(first.groups.map((g) => [g.title, g.items.length])).toEqual([['Blue Monday', 2]]);
    const next = await get(
      `/api/v1/media/duplicates?station_id=${w.stationA}&limit=1&cursor=${first.next_cursor}`,
      w.viewerA,
    );
    const second = next.json<{ groups: { title: string; items: Media[] }[]; next_cursor: null }>();
    expect(second.groups.map((g) => [g.title, g.items.length])).toEqual([['Ident', 2]]);
    expect(second.next_cursor).toBeNull();
  });

  it('lists filter values with counts, most used first, by prefix', async () => {
    await seed();
    const facet = async (q: string) =>
      (await get(`/api/v1/media/facets?station_id=${w.stationA}&${q}`, w.viewerA)).json<{
        values: { value: string; count: number }[];
      }>().values;
    expect(await facet('field=tag')).toEqual([
      { value: '80s', count: 3 },
      { value: 'dance', count: 1 },
      { value: 'jingle', count: 1 },
      { value: 'slow', count: 1 },
    ]);
    expect(await facet('field=album&prefix=s')).toEqual([
      { value: 'Substance', count: 2 },
      { value: 'Singles', count: 1 },
    ]);
  });
});

describe('PATCH /api/v1/media (bulk)', () => {
  it('changes all or nothing and checks the station of every id', async () => {
    const ids = [...(await seed()).keys()];
    const [other] = await insertLibraryRows(t.database.db, w.stationB, [{ title: 'B' }]);
    const bulk = (auth: Record<string, string>, payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/media', headers: auth, payload });
    const body = { station_id: w.stationA, ids: [ids[0], other], set: { genre: 'Mixed' } };
    expect((await bulk(w.djA, body)).statusCode).toBe(404);
    expect(titles((await page('genre=mixed')).items)).toEqual([]);
    const ok = { ...body, ids: ids.slice(0, 3) };
    expect((await bulk(w.viewerA, ok)).statusCode).toBe(403);
    expect((await bulk(w.djB, ok)).statusCode).toBe(403);
    expect((await bulk(w.djA, { station_id: w.stationA, ids })).statusCode).toBe(400);
    const res = await bulk(w.djA, ok);
    expect(res.statusCode).toBe(200);
    expect(titles((await page('genre=mixed')).items).sort()).toEqual([
      'Atmosphere',
      'Blue Monday',
      'ceremony',
    ]);
  });
});
