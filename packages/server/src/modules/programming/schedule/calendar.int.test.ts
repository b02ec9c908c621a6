import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function call(
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
) {
  return t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
}

// Mondays 20:00–21:00 in Berlin from 1 March 2027 (CET, +01:00; CEST from 28 March).
async function weeklyShow(token: string, stationId: string, extra: object = {}) {
  const res = await call(token, 'POST', '/api/v1/shows', {
    station_id: stationId,
    name: 'Evening',
    starts_at: '2027-03-01T20:00:00+01:00',
    duration_ms: 3_600_000,
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    source: { type: 'live' },
    ...extra,
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>();
}

interface Occ {
  id: string;
  kind: string;
  starts_at: string;
  original_starts_at: string;
  moved: boolean;
}

describe('schedule calendar and show splits', () => {
  it('draws a spring-forward week: 23 hours on its Sunday, shows at local time', async () => {
    t = await buildTestApp({ clock: manualClock('2027-03-01T00:00:00Z') });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'Europe/Berlin' });
    const show = await weeklyShow(admin, station.id);
    const week = `start=2027-03-22T00:00:00%2B01:00&end=2027-03-29T00:00:00%2B02:00`;
    const res = await call(
      admin,
      'GET',
      `/api/v1/schedule/calendar?station_id=${station.id}&${week}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json<{ days: { date: string; hours: number }[]; occurrences: Occ[] }>();
    expect(body.days.map((d) => [d.date, d.hours])).toEqual([
      ['2027-03-22', 24],
      ['2027-03-23', 24],
      ['2027-03-24', 24],
      ['2027-03-25', 24],
      ['2027-03-26', 24],
      ['2027-03-27', 24],
      ['2027-03-28', 23],
    ]);
    expect(body.occurrences).toEqual([
      expect.objectContaining({ id: show.id, kind: 'show', starts_at: '2027-03-22T19:00:00.000Z' }),
    ]);
    const after = await call(
      admin,
      'GET',
      `/api/v1/schedule/calendar?station_id=${station.id}&start=2027-03-29T00:00:00Z&end=2027-03-30T00:00:00Z`,
    );
    // 20:00 local is 18:00Z in summer time.
    expect(after.json<{ occurrences: Occ[] }>().occurrences[0]?.starts_at).toBe(
      '2027-03-29T18:00:00.000Z',
    );
  });

  it('moves one occurrence, then changes this and the following ones', async () => {
    t = await buildTestApp({ clock: manualClock('2027-03-01T00:00:00Z') });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'Europe/Berlin' });
    const show = await weeklyShow(admin, station.id);
    const moved = await call(admin, 'PATCH', `/api/v1/shows/${show.id}`, {
      exceptions: [
        { original_starts_at: '2027-03-08T19:00:00Z', starts_at: '2027-03-09T19:00:00Z' },
      ],
    });
    expect(moved.statusCode).toBe(200);
    const split = await call(admin, 'POST', `/api/v1/shows/${show.id}/split`, {
      at: '2027-03-15T19:00:00Z',
      changes: { starts_at: '2027-03-15T21:00:00+01:00', duration_ms: 7_200_000 },
    });
    expect(split.statusCode).toBe(201);
    const tail = split.json<{ id: string; rrule: string; starts_at: string }>();
    expect(tail).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      starts_at: '2027-03-15T20:00:00.000Z',
    });
    const head = await call(admin, 'GET', `/api/v1/shows/${show.id}`);
    expect(head.json()).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20270315T185959Z' });
    const cal = await call(
      admin,
      'GET',
      `/api/v1/schedule/calendar?station_id=${station.id}&start=2027-03-01T00:00:00Z&end=2027-03-24T00:00:00Z`,
    );
    const occ = cal.json<{ occurrences: Occ[] }>().occurrences;
    expect(occ.map((o) => [o.id, o.starts_at, o.moved])).toEqual([
      [show.id, '2027-03-01T19:00:00.000Z', false],
      [show.id, '2027-03-09T19:00:00.000Z', true],
      [tail.id, '2027-03-15T20:00:00.000Z', false],
      [tail.id, '2027-03-22T20:00:00.000Z', false],
    ]);
  });

  it('refuses a split that collides (409 with the conflicts) and leaves both halves as they were', async () => {
    t = await buildTestApp({ clock: manualClock('2027-03-01T00:00:00Z') });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'Europe/Berlin' });
    const show = await weeklyShow(admin, station.id);
    const other = await weeklyShow(admin, station.id, {
      name: 'Late',
      starts_at: '2027-03-01T22:00:00+01:00',
    });
    const split = await call(admin, 'POST', `/api/v1/shows/${show.id}/split`, {
      at: '2027-03-15T19:00:00Z',
      changes: { duration_ms: 3 * 3_600_000 },
    });
    expect(split.statusCode).toBe(409);
    expect(split.json()).toMatchObject({
      error: 'schedule_conflict',
      details: {
        conflicts: expect.arrayContaining([
          expect.objectContaining({ ids: expect.arrayContaining([other.id]) }),
        ]),
      },
    });
    const head = await call(admin, 'GET', `/api/v1/shows/${show.id}`);
    expect(head.json()).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const bad = await call(admin, 'POST', `/api/v1/shows/${show.id}/split`, {
      at: '2027-03-16T19:00:00Z',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: 'bad_request',
      message: 'at is not an occurrence of the show',
    });
  });
});
