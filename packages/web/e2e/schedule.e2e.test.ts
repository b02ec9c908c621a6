import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { LoginPage } from './pages/login-page.js';
import { SchedulePage } from './pages/schedule-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// The calendar as an operator uses it, in the station's zone (Europe/Berlin): a weekly show
// drawn by dragging, one occurrence moved and checked through the API and the concrete plan, a
// refused move whose conflict is shown on the blocks, and a spring-forward Sunday of 23 hours.

beforeAll(stack);
afterAll(closeBrowser);

const TZ = 'Europe/Berlin';
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface Show {
  id: string;
  name: string;
  starts_at: string;
  rrule: string | null;
  exceptions: { original_starts_at: string; starts_at: string | null; cancelled: boolean }[];
}

/** Tomorrow's local date in the zone, and its ISO weekday. */
function tomorrow(): { date: string; weekday: number } {
  const t = new Date(Date.now() + 86_400_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(t);
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, weekday: 'short' }).format(t);
  return { date, weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1 };
}

/** An instant for a local wall time in Berlin on `date` (winter or summer offset). */
function berlin(date: string, time: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${date}T${time}:00${offset}`;
    const back = new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(iso));
    if (back === time) return new Date(iso).toISOString();
  }
  throw new Error(`no ${time} on ${date}`);
}

async function newStation(label: string): Promise<{ id: string; api: ApiSession }> {
  const { baseUrl, adminPassword } = await stack();
  const api = await login(baseUrl, 'admin', adminPassword);
  const st = await api.call<{ id: string }>('POST', '/api/v1/stations', {
    name: `Schedule ${label} ${process.pid}`,
    timezone: TZ,
  });
  return { id: st.id, api };
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('schedule calendar (%s)', (label, viewport) => {
  it('drags a weekly show in, moves one occurrence, and shows it in what will play', async () => {
    const { adminPassword } = await stack();
    const st = await newStation(label);
    const day = tomorrow();
    const name = `Evening Live ${label}`;
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const schedule = await SchedulePage.open(tab.page, st.id, day.date);
      await schedule.createWeeklyShow({ date: day.date, from: '20:00', lastSlot: '20:30', name });
      await schedule.block(name, day.date).waitFor();

      const [show] = await st.api.call<Show[]>('GET', `/api/v1/shows?station_id=${st.id}`);
      expect(show).toMatchObject({
        name,
        starts_at: berlin(day.date, '20:00'),
        rrule: `FREQ=WEEKLY;BYDAY=${DAY_CODES[day.weekday - 1]}`,
        exceptions: [],
      });

      await schedule.moveOccurrence(
        name,
        day.date,
        { date: day.date, time: '21:00' },
        'This occurrence',
      );
      await schedule.block(name, day.date).filter({ hasText: '21:00–22:00' }).waitFor();
      const moved = await st.api.call<Show>('GET', `/api/v1/shows/${show!.id}`);
      expect(moved.rrule).toBe(show!.rrule);
      expect(moved.exceptions).toEqual([
        {
          original_starts_at: berlin(day.date, '20:00'),
          cancelled: false,
          starts_at: berlin(day.date, '21:00'),
          duration_ms: 3_600_000,
        },
      ]);

      // The concrete plan: the live slot starts hard at 21:00 local.
      await schedule.planWindow('48 h');
      const live = schedule.planItems(`Live: ${name}`).first();
      await live.waitFor({ timeout: 30_000 });
      expect(await live.innerText()).toContain('21:00:00');
      expect(await live.getAttribute('data-hard-start')).toBe('true');
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'schedule');

      // A one-off show at 22:00: moving the occurrence onto it is refused, and both blocks say so.
      await st.api.call('POST', '/api/v1/shows', {
        station_id: st.id,
        name: 'Late news',
        starts_at: berlin(day.date, '22:00'),
        duration_ms: 3_600_000,
        source: { type: 'live', id: 'Late news' },
      });
      await tab.page.reload();
      await schedule.block('Late news', day.date).waitFor();
      await schedule.moveOccurrence(
        name,
        day.date,
        { date: day.date, time: '21:30' },
        'This occurrence',
      );
      await tab.page.getByTestId('conflicts').waitFor();
      await schedule
        .block('Late news', day.date)
        .and(tab.page.locator('[data-conflict="true"]'))
        .waitFor();
      expect(await tab.page.getByRole('alert').first().innerText()).toMatch(/overlaps/);
      const after = await st.api.call<Show>('GET', `/api/v1/shows/${show!.id}`);
      expect(after.exceptions[0]?.starts_at).toBe(berlin(day.date, '21:00'));
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'schedule-conflict');
    } finally {
      await tab.close();
    }
  });

  it('draws the spring-forward Sunday of 2027-03-28 with 23 hours', async () => {
    const { adminPassword } = await stack();
    const st = await newStation(`dst ${label}`);
    await st.api.call('POST', '/api/v1/clocks', {
      station_id: st.id,
      name: 'Round the clock',
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: [...Array(24).keys()] }],
      slots: [{ offset_ms: 0, type: 'live', payload: { label: 'Studio' } }],
    });
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const schedule = await SchedulePage.open(tab.page, st.id, '2027-03-28');
      await expect.poll(() => schedule.clockHours('2027-03-28').count()).toBe(23);
      expect(await schedule.dayHeader('2027-03-28').getAttribute('data-hours')).toBe('23');
      // textContent: the badge is upper-cased by CSS, which innerText applies.
      expect(await schedule.dayHeader('2027-03-28').textContent()).toContain('23 h');
      expect(await schedule.dstMarker('2027-03-28').count()).toBe(1);
      if (label === 'desktop') {
        expect(await schedule.clockHours('2027-03-27').count()).toBe(24);
        expect(await schedule.dayHeader('2027-03-27').getAttribute('data-hours')).toBe('24');
      }
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'schedule-dst');
    } finally {
      await tab.close();
    }
  });
});
