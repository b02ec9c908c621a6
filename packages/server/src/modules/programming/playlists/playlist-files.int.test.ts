import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia } from '../../../test-support/programming-factories.js';

// Export and import of .m3u/.pls through the API, on SQLite and (GRIMNIR_TEST_DB=postgres)
// PostgreSQL: a round trip keeps the tracks and their order; entries that match no library
// track are reported with their line; other stations' tracks never match.

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function setup() {
  t = await buildTestApp();
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const other = await t.makeStation(admin);
  const ids = await insertMedia(t.database.db, station.id, [
    { title: 'Feeling Good', artist: 'Nina Simone', durationMs: 215_000 },
    { title: 'Blue Train', artist: 'John Coltrane', durationMs: 640_500 },
    { title: 'So What', artist: 'Miles Davis', durationMs: 565_000 },
  ]);
  // Same file names and tags on another station: must never be matched from this one.
  await insertMedia(t.database.db, other.id, [{ title: 'Only Elsewhere', artist: 'Nobody' }]);
  const call = (method: 'GET' | 'POST', url: string, payload?: object, token = admin) =>
    t.app.inject({
      method,
      url,
      headers: bearer(token),
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const created = await call('POST', '/api/v1/playlists', {
    station_id: station.id,
    name: 'Jazz / late',
    items: [
      { media_id: ids[1] },
      { media_id: ids[0], cue_in_ms: 5_000, cue_out_ms: 65_000 },
      { media_id: ids[2] },
    ],
  });
  expect(created.statusCode).toBe(201);
  return { admin, station, ids, call, playlist: created.json<{ id: string }>().id };
}

describe('playlist export and import', () => {
  it('exports .m3u and .pls with tags, lengths and file names', async () => {
    const { call, playlist } = await setup();
    const m3u = await call('GET', `/api/v1/playlists/${playlist}/export?format=m3u`);
    expect(m3u.statusCode).toBe(200);
    expect(m3u.headers['content-type']).toBe('audio/x-mpegurl; charset=utf-8');
    expect(m3u.headers['content-disposition']).toBe('attachment; filename="Jazz _ late.m3u"');
    expect(m3u.body).toBe(
      '#EXTM3U\n' +
        '#EXTINF:641,John Coltrane - Blue Train\nsong-1.mp3\n' +
        '#EXTINF:60,Nina Simone - Feeling Good\nsong-0.mp3\n' +
        '#EXTINF:565,Miles Davis - So What\nsong-2.mp3\n',
    );
    const pls = await call('GET', `/api/v1/playlists/${playlist}/export?format=pls`);
    expect(pls.headers['content-type']).toBe('audio/x-scpls; charset=utf-8');
    expect(pls.body).toContain(
      'File1=song-1.mp3\nTitle1=John Coltrane - Blue Train\nLength1=641\n',
    );
    expect(pls.body).toContain('NumberOfEntries=3\nVersion=2\n');
    const bad = await call('GET', `/api/v1/playlists/${playlist}/export?format=xspf`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.any(String), request_id: expect.any(String) });
  });

  it('lists the tracks with their played lengths and the total', async () => {
    const { call, playlist } = await setup();
    const res = await call('GET', `/api/v1/playlists/${playlist}/tracks`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ total_ms: number; items: { title: string; played_ms: number }[] }>();
    expect(body.items.map((i) => [i.title, i.played_ms])).toEqual([
      ['Blue Train', 640_500],
      ['Feeling Good', 60_000],
      ['So What', 565_000],
    ]);
    expect(body.total_ms).toBe(640_500 + 60_000 + 565_000);
  });

  it('imports by file name or tags, appends or replaces, and reports what matched nothing', async () => {
    const { call, playlist, ids } = await setup();
    const file = [
      '#EXTM3U',
      '#EXTINF:200,Somebody - Not In The Library',
      '/music/missing.mp3',
      '#EXTINF:215,nina simone - feeling good',
      'D:\\old\\renamed.mp3',
      'http://host/song-2.mp3',
      'song-0.mp3',
    ].join('\r\n');
    const res = await call('POST', `/api/v1/playlists/${playlist}/import`, {
      content: file,
      replace: true,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      format: 'm3u',
      entries: 4,
      matched: 3,
      matched_by_path: 2,
      matched_by_tags: 1,
      unmatched: [{ line: 3, entry: '/music/missing.mp3', reason: expect.any(String) }],
    });
    expect(body.playlist.items.map((i: { media_id: string }) => i.media_id)).toEqual([
      ids[0],
      ids[2],
      ids[0],
    ]);

    // Append a .pls (detected from its header) after what is there.
    const pls = '[playlist]\nFile1=song-1.mp3\nTitle1=John Coltrane - Blue Train\n';
    const appended = await call('POST', `/api/v1/playlists/${playlist}/import`, { content: pls });
    expect(appended.json()).toMatchObject({ format: 'pls', matched: 1, unmatched: [] });
    expect(appended.json().playlist.items).toHaveLength(4);

    // Export → import round trip keeps the order.
    const exported = await call('GET', `/api/v1/playlists/${playlist}/export`);
    const again = await call('POST', `/api/v1/playlists/${playlist}/import`, {
      content: exported.body,
      replace: true,
    });
    expect(again.json().unmatched).toEqual([]);
    expect(again.json().playlist.items.map((i: { media_id: string }) => i.media_id)).toEqual([
      ids[0],
      ids[2],
      ids[0],
      ids[1],
    ]);
  });

  it('never matches another station’s tracks, and refuses empty files and outsiders', async () => {
    const { call, playlist, station } = await setup();
    const res = await call('POST', `/api/v1/playlists/${playlist}/import`, {
      content: '#EXTINF:1,Nobody - Only Elsewhere\nsong-0-elsewhere.mp3\n',
    });
    expect(res.json()).toMatchObject({ matched: 0, unmatched: [{ line: 2 }] });
    const empty = await call('POST', `/api/v1/playlists/${playlist}/import`, {
      content: '#EXTM3U\n# nothing\n',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('no .m3u entries');
    const viewer = await t.makeUser({ role: 'viewer' });
    await t.addMember(station.id, viewer.id, 'viewer');
    const token = viewer.token;
    expect(
      (await call('GET', `/api/v1/playlists/${playlist}/export`, undefined, token)).statusCode,
    ).toBe(200);
    const refused = await call(
      'POST',
      `/api/v1/playlists/${playlist}/import`,
      { content: 'song-0.mp3' },
      token,
    );
    expect(refused.statusCode).toBe(403);
  });
});
