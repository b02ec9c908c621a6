import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia } from '../../../test-support/programming-factories.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const NOW = '2026-03-02T08:00:00.000Z';

async function post(token: string, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
}

describe('schedule entries and shows', () => {
  it('rejects an overlapping recurring entry with 409 and the list of conflicts', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'Europe/London' });
    const weekly = await post(admin, '/api/v1/schedule', {
      station_id: station.id,
      starts_at: '2026-03-02T09:00:00Z',
      ends_at: '2026-03-02T11:00:00Z',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      source: { type: 'live', id: 'Breakfast' },
    });
    expect(weekly.statusCode).toBe(201);
    expect(weekly.json()).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      source: { type: 'live' },
    });
    const relay = await post(admin, '/api/v1/webstreams', {
      station_id: station.id,
      name: 'Relay',
      urls: ['http://relay.example/live'],
    });
    // Four weeks later, across the spring change: 09:00 local is now 08:00Z. Still overlaps.
    const clash = await post(admin, '/api/v1/schedule', {
      station_id: station.id,
      starts_at: '2026-03-30T09:30:00+01:00',
      ends_at: '2026-03-30T10:30:00+01:00',
      source: { type: 'webstream', id: relay.json().id },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      error: 'schedule_conflict',
      request_id: expect.any(String),
      details: {
        conflicts: [
          {
            ids: [weekly.json().id, expect.any(String)],
            starts_at: '2026-03-30T08:30:00.000Z',
            ends_at: '2026-03-30T09:30:00.000Z',
          },
        ],
      },
    });
    const after = await post(admin, '/api/v1/schedule', {
      station_id: station.id,
      starts_at: '2026-03-30T11:00:00+01:00',
      ends_at: '2026-03-30T12:00:00+01:00',
      source: { type: 'webstream', id: relay.json().id },
    });
    expect(after.statusCode).toBe(201);
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/schedule/${after.json().id}`,
      headers: bearer(admin),
      payload: { starts_at: '2026-03-30T10:00:00+01:00' },
    });
    expect(moved.statusCode).toBe(409);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schedule/entries?station_id=${station.id}`,
      headers: bearer(admin),
    });
    expect(list.json()).toHaveLength(2);
  });

  it('lets exactly one of six simultaneous overlapping entries in', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const body = (m: number) => ({
      station_id: station.id,
      starts_at: `2026-03-03T10:${m}0:00Z`,
      ends_at: '2026-03-03T12:00:00Z',
      source: { type: 'live' },
    });
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((m) => post(admin, '/api/v1/schedule', body(m))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('serializes overlap checks per station: a second writer waits for the first to commit', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const { schedule } = t.programming.repos;
    const svc = t.programming.services.schedule;
    const entry = (id: string, startsAt: string) => ({
      id,
      station_id: station.id,
      starts_at: startsAt,
      ends_at: '2026-03-03T12:00:00.000Z',
      rrule: null,
      exdates: [],
      source: { type: 'live' as const },
      priority: 0,
    });
    const plan = (e: ReturnType<typeof entry>) => ({
      id: e.id,
      kind: 'entry' as const,
      source: e.source,
      priority: 0,
      recurrence: {
        startsAtMs: Date.parse(e.starts_at),
        durationMs: Date.parse(e.ends_at) - Date.parse(e.starts_at),
        timezone: 'UTC',
      },
    });
    const a = entry('00000000-0000-4000-8000-00000000000a', '2026-03-03T10:00:00.000Z');
    const b = entry('00000000-0000-4000-8000-00000000000b', '2026-03-03T11:00:00.000Z');
    let release: () => void = () => undefined;
    const hold = new Promise<void>((r) => (release = r));
    let aChecked: () => void = () => undefined;
    const aInside = new Promise<void>((r) => (aChecked = r));
    const first = schedule.transaction(async (tx) => {
      await svc.assertNoOverlap(station.id, 'UTC', plan(a), tx);
      await schedule.insertEntry(a, NOW, tx);
      aChecked();
      await hold;
    });
    await aInside;
    const second = schedule.transaction(async (tx) => {
      await svc.assertNoOverlap(station.id, 'UTC', plan(b), tx);
      await schedule.insertEntry(b, NOW, tx);
    });
    setTimeout(release, 300);
    await first;
    await expect(second).rejects.toMatchObject({ statusCode: 409, code: 'schedule_conflict' });
    expect(await schedule.listEntries(station.id)).toHaveLength(1);
  });

  it('validates sources, rrules and times', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const other = await t.makeStation(admin);
    const [foreign] = await insertMedia(t.database.db, other.id, [{}]);
    const base = {
      station_id: station.id,
      starts_at: '2026-03-03T10:00:00Z',
      ends_at: '2026-03-03T11:00:00Z',
    };
    const cases: [object, number][] = [
      [{ ...base, source: { type: 'media', id: foreign } }, 400],
      [{ ...base, source: { type: 'smart_block' } }, 400],
      [{ ...base, rrule: 'FREQ=SOMETIMES', source: { type: 'live' } }, 400],
      [{ ...base, ends_at: base.starts_at, source: { type: 'live' } }, 400],
      [{ ...base, starts_at: 'tomorrow', source: { type: 'live' } }, 400],
    ];
    for (const [payload, status] of cases)
      expect((await post(admin, '/api/v1/schedule', payload)).statusCode).toBe(status);
  });

  it('keeps viewers to reading and strangers out', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const viewer = await t.makeUser();
    await t.addMember(station.id, viewer.id, 'viewer');
    const stranger = await t.makeUser();
    const body = {
      station_id: station.id,
      starts_at: '2026-03-03T10:00:00Z',
      ends_at: '2026-03-03T11:00:00Z',
      source: { type: 'live' },
    };
    expect((await post(viewer.token, '/api/v1/schedule', body)).statusCode).toBe(403);
    expect((await post(stranger.token, '/api/v1/schedule', body)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/schedule', payload: body })).statusCode,
    ).toBe(401);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schedule?station_id=${station.id}`,
      headers: bearer(viewer.token),
    });
    expect(read.statusCode).toBe(200);
  });

  it('stores shows with host, RRULE and exceptions, and checks sourced shows for overlaps', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'America/New_York' });
    const show = await post(admin, '/api/v1/shows', {
      station_id: station.id,
      name: 'Night Owls',
      host: 'Ada',
      starts_at: '2026-03-02T22:00:00-05:00',
      duration_ms: 7_200_000,
      rrule: 'FREQ=DAILY',
      source: { type: 'live' },
      exceptions: [{ original_starts_at: '2026-03-04T22:00:00-05:00', cancelled: true }],
    });
    expect(show.statusCode).toBe(201);
    expect(show.json()).toMatchObject({
      host: 'Ada',
      exceptions: [{ original_starts_at: '2026-03-05T03:00:00.000Z', cancelled: true }],
    });
    const calendarOnly = await post(admin, '/api/v1/shows', {
      station_id: station.id,
      name: 'Meeting',
      starts_at: '2026-03-03T23:00:00-05:00',
      duration_ms: 3_600_000,
    });
    expect(calendarOnly.statusCode).toBe(201);
    const clash = await post(admin, '/api/v1/schedule', {
      station_id: station.id,
      starts_at: '2026-03-05T23:00:00-05:00',
      ends_at: '2026-03-06T00:00:00-05:00',
      source: { type: 'live' },
    });
    expect(clash.statusCode).toBe(409);
    const cancelledNight = await post(admin, '/api/v1/schedule', {
      station_id: station.id,
      starts_at: '2026-03-04T23:00:00-05:00',
      ends_at: '2026-03-05T00:00:00-05:00',
      source: { type: 'live' },
    });
    expect(cancelledNight.statusCode).toBe(201);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/shows/${show.json().id}`,
      headers: bearer(admin),
      payload: { host: 'Grace' },
    });
    expect(patched.json()).toMatchObject({ host: 'Grace', rrule: 'FREQ=DAILY' });
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/shows/${show.json().id}`,
          headers: bearer(admin),
        })
      ).statusCode,
    ).toBe(204);
  });
});
