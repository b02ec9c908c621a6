import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { LoginPage } from './pages/login-page.js';
import { ReportsPage } from './pages/reports-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// A manager's reports: players (as addresses of known countries, through the trusted proxy
// header) listen to the demo station; the Reports page then shows them in its figures, chart
// and breakdowns, and hands over the listener CSV and the SoundExchange report.

let demo: { id: string; slug: string };
let admin: Awaited<ReturnType<typeof login>>;
let baseUrl: string;
let adminPassword: string;
beforeAll(async () => {
  const s = await stack();
  ({ baseUrl, adminPassword } = s);
  admin = await login(s.baseUrl, 'admin', s.adminPassword);
  demo = await admin.call<{ id: string; slug: string }>(
    'GET',
    `/api/v1/stations/${s.demoStationId}`,
  );
});
afterAll(closeBrowser);

/** A player on the demo station for a moment: connects, takes some audio, hangs up. */
function listen(address: string, userAgent: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/stream/${demo.slug}`,
      { headers: { 'x-forwarded-for': address, 'user-agent': userAgent } },
      (res) => {
        let got = 0;
        res.on('data', (c: Buffer) => {
          got += c.length;
          if (got > 16_000) {
            req.destroy();
            resolve();
          }
        });
      },
    );
    req.on('error', (err) => (req.destroyed ? resolve() : reject(err)));
    req.end();
  });
}

describe.each([
  ['desktop', DESKTOP, '81.2.69.160', 'GB'],
  ['phone', PHONE, '5.9.0.1', 'DE'],
] as const)('reports (%s)', (label, viewport, address, country) => {
  it('shows the listeners who came, and downloads CSV and SoundExchange files', async () => {
    await listen(address, 'VLC/3.0.20 LibVLC/3.0.20');
    await listen(address, 'VLC/3.0.20 LibVLC/3.0.20');
    await listen('8.8.8.8', 'Mozilla/5.0 (X11) AppleWebKit/537.36 Chrome/120.0 Safari/537.36');
    // Sessions are written every 5 s: wait until the API counts this run's listeners.
    const day = new Date();
    const from = new Date(day.getFullYear(), day.getMonth(), day.getDate() - 1).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    await waitFor(
      async () => {
        const r = await admin.call<{ rows: { key: string; sessions: number }[] }>(
          'GET',
          `/api/v1/reports/breakdown?station_id=${demo.id}&by=country&from=${from}&to=${to}`,
        );
        return (r.rows.find((x) => x.key === country)?.sessions ?? 0) >= 2 ? true : undefined;
      },
      30_000,
      `${country} listeners in the report`,
    );

    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const reports = await ReportsPage.open(tab.page, demo.id);
      await reports.preset('Today');
      const days = await reports.days();
      expect(days.from).toBe(days.to);
      await reports.chart.waitFor();
      expect(await reports.figure('Sessions')).toBeGreaterThanOrEqual(3);
      expect(await reports.figure('Unique listeners')).toBeGreaterThanOrEqual(2);

      const countries = await reports.breakdown('By country');
      const mine = countries.find((r) => r[0] === country);
      // Two sessions of one address: one unique listener.
      expect(mine?.[2]).toBe('1');
      expect(Number(mine?.[3])).toBeGreaterThanOrEqual(2);
      expect(countries.some((r) => r[0] === 'US')).toBe(true);
      const players = await reports.breakdown('By player');
      expect(players.map((r) => r[0])).toEqual(expect.arrayContaining(['VLC', 'Chrome']));
      await expectAccessible(tab.page);
      await screenshot(tab.page, `reports-${label}`);

      const csv = await reports.download('Listeners CSV');
      expect(csv.name).toMatch(
        new RegExp(`^${demo.slug}-listeners-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
      );
      expect(csv.text.split('\r\n')[0]).toBe('at,average,peak,unique');
      const sx = await reports.download('SoundExchange report');
      expect(sx.name).toMatch(/-soundexchange-.*\.txt$/);
      const [header, ...lines] = sx.text.trim().split('\r\n');
      expect(header).toBe(
        'NAME_OF_SERVICE|TRANSMISSION_CATEGORY|FEATURED_ARTIST|SOUND_RECORDING_TITLE|ISRC|ALBUM_TITLE|MARKETING_LABEL|ACTUAL_TOTAL_PERFORMANCES|AGGREGATE_TUNING_HOURS|CHANNEL_OR_PROGRAM_NAME|PLAY_FREQUENCY',
      );
      // The demo station plays its library all day: every line is one of its recordings.
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l.split('|')).toHaveLength(11);
    } finally {
      await tab.close();
    }
  });
});
