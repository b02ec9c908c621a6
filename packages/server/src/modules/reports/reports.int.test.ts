import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { insertListenerSessions } from '../../test-support/listener-load.js';
import { insertMedia } from '../../test-support/programming-factories.js';

// A scripted hour with totals worked out by hand (docs/reports.md has the definitions):
//
//   plays  A 10:00–10:04 · B 10:04–10:10 · A 10:10–10:14 · live show (no recording) 10:14–10:30
//   L1  h1 on one   VLC      DE  09:50–10:06  (began before the range)
//   L2  h2 on two   Chrome   US  10:02–10:12
//   L3  h1 on three Firefox  DE  10:05–10:20  (the same listener as L1, another mount)
//   R1  relay on one                10:00–10:30  (an Icecast target's listener)
//   L5  h3 on two   curl         10:40–  still listening at 10:50 (now)
//
// In 10:00–11:00: L1 6 min + L2 10 + L3 15 + R1 30 + L5 10 = 71 min; 4 at once at 10:05.
const BASE = Date.parse('2026-11-02T10:00:00.000Z');
const at = (min: number) => new Date(BASE + min * 60_000).toISOString();

let t: TestApp;
let admin: string;
let stationId: string;
let trackA: string;
let trackB: string;

beforeAll(async () => {
  t = await buildTestApp({ clock: manualClock(at(50)) });
  admin = await t.adminToken();
  stationId = (await t.makeStation(admin, { name: 'Report FM' })).id;
  const db = t.database.db;
  [trackA, trackB] = (await insertMedia(db, stationId, [
    { title: 'Alpha', artist: 'Ann', album: 'First' },
    { title: 'Beta', artist: 'Bob' },
  ])) as [string, string];
  await db
    .updateTable('media')
    .set({ isrc: 'GB-AAA-26-00001', label: 'Label A' })
    .where('id', '=', trackA)
    .execute();
  await db
    .updateTable('media')
    .set({ isrc: 'USBBB2600002', label: 'B|Records' })
    .where('id', '=', trackB)
    .execute();
  const play = (media: string | null, title: string, from: number, to: number) => ({
    id: randomUUID(),
    station_id: stationId,
    media_id: media,
    item_id: randomUUID(),
    title,
    started_at: at(from),
    ended_at: at(to),
    tier: media ? 3 : 2,
    source: media ? 'schedule' : 'live',
  });
  await db
    .insertInto('play_history')
    .values([
      play(trackA, 'Alpha', 0, 4),
      play(trackB, 'Beta', 4, 10),
      play(trackA, 'Alpha', 10, 14),
      play(null, 'Morning show', 14, 30),
    ])
    .execute();
  await insertListenerSessions(db, stationId, t.realtime.sessions.tracker.trackerId, BASE, [
    {
      mount: 'one',
      client: 'h1',
      userAgent: 'VLC/3.0.20 LibVLC/3.0.20',
      country: 'DE',
      from: -10,
      to: 6,
    },
    {
      mount: 'two',
      client: 'h2',
      userAgent: 'Mozilla/5.0 Chrome/120.0 Safari/537.36',
      country: 'US',
      from: 2,
      to: 12,
    },
    {
      mount: 'three',
      client: 'h1',
      userAgent: 'Mozilla/5.0 Gecko/20100101 Firefox/125.0',
      country: 'DE',
      from: 5,
      to: 20,
    },
    { mount: 'one', kind: 'relay', from: 0, to: 30 },
    { mount: 'two', client: 'h3', userAgent: 'curl/8.5.0', from: 40, to: null },
  ]);
}, 60_000);
afterAll(() => t?.close());

const get = (path: string, query: Record<string, string>, token = admin) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/${path}?${new URLSearchParams({ station_id: stationId, from: at(0), to: at(60), ...query }).toString()}`,
    headers: bearer(token),
  });

describe('listener reports', () => {
  it('gives totals, current and a 15-minute series matching the hand computation', async () => {
    const res = await get('listeners', { step_minutes: '15' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      station_id: stationId,
      from: at(0),
      to: at(60),
      step_minutes: 15,
      current: 1,
      totals: { sessions: 5, unique: 4, peak: 4, average: 1.183, listening_hours: 1.183 },
      series: [
        { at: at(0), average: 2.733, peak: 4, unique: 3 },
        { at: at(15), average: 1.333, peak: 2, unique: 2 },
        { at: at(30), average: 0.333, peak: 1, unique: 1 },
        { at: at(45), average: 0.333, peak: 1, unique: 1 },
      ],
    });
  });

  it('breaks listening down by mount, player and country', async () => {
    const by = async (dim: string) =>
      (await get('breakdown', { by: dim })).json<{ rows: unknown[] }>().rows;
    expect(await by('mount')).toEqual([
      { key: 'one', sessions: 2, unique: 2, listening_hours: 0.6 },
      { key: 'two', sessions: 2, unique: 2, listening_hours: 0.333 },
      { key: 'three', sessions: 1, unique: 1, listening_hours: 0.25 },
    ]);
    expect(await by('client')).toEqual([
      { key: 'Icecast relay', sessions: 1, unique: 1, listening_hours: 0.5 },
      { key: 'Firefox', sessions: 1, unique: 1, listening_hours: 0.25 },
      { key: 'Chrome', sessions: 1, unique: 1, listening_hours: 0.167 },
      { key: 'Script', sessions: 1, unique: 1, listening_hours: 0.167 },
      { key: 'VLC', sessions: 1, unique: 1, listening_hours: 0.1 },
    ]);
    expect(await by('country')).toEqual([
      { key: 'Unknown', sessions: 2, unique: 2, listening_hours: 0.667 },
      { key: 'DE', sessions: 2, unique: 1, listening_hours: 0.35 },
      { key: 'US', sessions: 1, unique: 1, listening_hours: 0.167 },
    ]);
    const csv = await get('breakdown', { by: 'country', format: 'csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename=".*-by-country-2026-11-02-2026-11-02\.csv"/,
    );
    expect(csv.body).toBe(
      'country,sessions,unique,listening_hours\r\nUnknown,2,2,0.667\r\nDE,2,1,0.35\r\nUS,1,1,0.167\r\n',
    );
  });

  it('gives each play the listeners who heard it, and the history API the same counts', async () => {
    const plays = (await get('plays', {})).json<{
      items: { title: string; listeners: number; tuning_hours: number }[];
    }>().items;
    expect(plays.map((p) => [p.title, p.listeners, p.tuning_hours])).toEqual([
      ['Alpha', 3, 0.167], // L1 4 + L2 2 + R1 4 min
      ['Beta', 3, 0.317], // L1 2 + L2 6 + L3 5 + R1 6 (h1 twice is one listener)
      ['Alpha', 3, 0.167], // L2 2 + L3 4 + R1 4
      ['Morning show', 2, 0.367], // L3 6 + R1 16
    ]);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${stationId}/history`,
      headers: bearer(admin),
    });
    expect(
      history
        .json<{ items: { title: string; listeners: number }[] }>()
        .items.map((p) => [p.title, p.listeners]),
    ).toEqual([
      ['Morning show', 2],
      ['Alpha', 3],
      ['Beta', 3],
      ['Alpha', 3],
    ]);
  });

  it('writes the royalty report for the day by hand computation, as SoundExchange and CSV', async () => {
    const day = { from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z' };
    const json = (await get('royalties', day)).json<{ items: unknown[] }>();
    expect(json.items).toEqual([
      // A: 2 plays, 3 + 3 listeners, 10 + 10 min = 0.33 h; B: 1 play, 3 listeners, 19 min.
      {
        media_id: trackA,
        isrc: 'GB-AAA-26-00001',
        artist: 'Ann',
        title: 'Alpha',
        album: 'First',
        label: 'Label A',
        plays: 2,
        performances: 6,
        aggregate_tuning_hours: 0.33,
      },
      {
        media_id: trackB,
        isrc: 'USBBB2600002',
        artist: 'Bob',
        title: 'Beta',
        album: '',
        label: 'B|Records',
        plays: 1,
        performances: 3,
        aggregate_tuning_hours: 0.32,
      },
    ]);
    const sx = await get('royalties', { ...day, format: 'soundexchange' });
    expect(sx.statusCode).toBe(200);
    expect(sx.headers['content-disposition']).toMatch(/soundexchange-2026-11-02-2026-11-03\.txt"$/);
    expect(sx.body).toBe(
      'NAME_OF_SERVICE|TRANSMISSION_CATEGORY|FEATURED_ARTIST|SOUND_RECORDING_TITLE|ISRC|ALBUM_TITLE|MARKETING_LABEL|ACTUAL_TOTAL_PERFORMANCES|AGGREGATE_TUNING_HOURS|CHANNEL_OR_PROGRAM_NAME|PLAY_FREQUENCY\r\n' +
        'Report FM|A|Ann|Alpha|GBAAA2600001|First|Label A|6|0.33|Report FM|2\r\n' +
        'Report FM|A|Bob|Beta|USBBB2600002||B Records|3|0.32|Report FM|1\r\n',
    );
    const csv = await get('royalties', { ...day, format: 'csv' });
    expect(csv.body).toBe(
      'isrc,artist,title,album,label,plays,performances,aggregate_tuning_hours\r\n' +
        'GB-AAA-26-00001,Ann,Alpha,First,Label A,2,6,0.33\r\n' +
        'USBBB2600002,Bob,Beta,,B|Records,1,3,0.32\r\n',
    );
  });

  it('refuses bad ranges, viewers and strangers', async () => {
    expect((await get('listeners', { from: at(60), to: at(0) })).statusCode).toBe(400);
    expect((await get('listeners', { to: '2027-03-01T00:00:00Z' })).statusCode).toBe(400);
    expect(
      (await get('listeners', { step_minutes: '1', to: '2026-11-06T00:00:00Z' })).statusCode,
    ).toBe(400);
    expect((await get('breakdown', { by: 'planet' })).statusCode).toBe(400);
    const bad = await get('royalties', { format: 'xml' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.any(String), request_id: expect.any(String) });
    const viewer = await t.makeUser({ role: 'viewer' });
    await t.addMember(stationId, viewer.id, 'viewer');
    expect((await get('listeners', {}, viewer.token)).statusCode).toBe(403);
    const manager = await t.makeUser({ role: 'manager' });
    expect((await get('listeners', {}, manager.token)).statusCode).toBe(403);
    await t.addMember(stationId, manager.id, 'manager');
    expect((await get('listeners', {}, manager.token)).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/listeners?station_id=${stationId}&from=${at(0)}&to=${at(60)}`,
        })
      ).statusCode,
    ).toBe(401);
  });
});
