import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { PublicStationPage } from './pages/public-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// The listeners' side: the demo station's public page plays in the browser, follows the air
// without a reload, and its widget works framed by a page of another origin.

let demo: { id: string; slug: string };
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  const s = await stack();
  admin = await login(s.baseUrl, 'admin', s.adminPassword);
  demo = await admin.call<{ id: string; slug: string }>(
    'GET',
    `/api/v1/stations/${s.demoStationId}`,
  );
});
afterAll(closeBrowser);

// A calendar-only show (no programme source): listed for listeners, never changes what airs.
const SHOW = 'Tone Poems';
let showId: string | undefined;
beforeAll(async () => {
  const hour = 3_600_000;
  const show = await admin.call<{ id: string }>('POST', '/api/v1/shows', {
    station_id: demo.id,
    name: SHOW,
    host: 'Ada',
    description: 'Sine waves, read aloud',
    starts_at: new Date(Math.ceil(Date.now() / hour) * hour + 2 * hour).toISOString(),
    duration_ms: hour,
    rrule: 'FREQ=WEEKLY',
  });
  showId = show.id;
});
afterAll(async () => {
  if (showId) await admin.call('DELETE', `/api/v1/shows/${showId}`);
});

const skip = () => admin.call('POST', '/api/v1/playout/skip', { station_id: demo.id });

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('public station page (%s)', (label, viewport) => {
  it('plays the station and follows the air without a reload', async () => {
    const tab = await openTab(viewport);
    try {
      const page = await PublicStationPage.open(tab.page, demo.slug);
      const before = await page.nowTitle();
      expect(before).not.toBe('The station is off air');
      expect(await page.schedule()).toEqual(
        expect.arrayContaining([expect.stringContaining(`${SHOW} with Ada`)]),
      );
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'public-station');

      await page.play();
      const audio = tab.page.getByTestId('player-audio');
      const heardAt = await audio.evaluate(
        (a) => (a as unknown as { currentTime: number }).currentTime,
      );
      await expect
        .poll(() => audio.evaluate((a) => (a as unknown as { currentTime: number }).currentTime), {
          timeout: 15_000,
        })
        .toBeGreaterThan(heardAt + 1);

      // A skip on the server reaches the open page by itself (Server-Sent Events).
      const navigations: string[] = [];
      tab.page.on('framenavigated', (f) => navigations.push(f.url()));
      await skip();
      await expect.poll(() => page.nowTitle(), { timeout: 20_000 }).not.toBe(before);
      await expect
        .poll(() => page.history(), { timeout: 10_000 })
        .toEqual(expect.arrayContaining([expect.stringContaining(before)]));
      expect(navigations).toEqual([]);
      if (label === 'phone') await screenshot(tab.page, 'public-station-playing');
    } finally {
      await tab.close();
    }
  });
});

describe('widgets', () => {
  let other: Server;
  let otherUrl: string;
  beforeAll(async () => {
    const { baseUrl } = await stack();
    // Another origin (another port, another host name) that frames the widgets.
    other = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="en"><title>A fan site</title><body><h1>Our favourite station</h1>` +
          `<iframe title="Now playing" src="${baseUrl}/public/${demo.slug}/embed" width="420" height="260"></iframe>` +
          `<iframe title="Recently played" src="${baseUrl}/public/${demo.slug}/history" width="420" height="300"></iframe>` +
          `<iframe title="Schedule" src="${baseUrl}/public/${demo.slug}/schedule" width="420" height="300"></iframe>` +
          `<iframe title="The page itself" src="${baseUrl}/public/${demo.slug}" width="420" height="200"></iframe></body></html>`,
      );
    });
    await new Promise<void>((r) => other.listen(0, 'localhost', r));
    const { port } = other.address() as { port: number };
    otherUrl = `http://localhost:${port}/`;
  });
  afterAll(() => new Promise<void>((r) => other.close(() => r())));

  it('render inside iframes on another origin; the full page refuses to be framed', async () => {
    const tab = await openTab(DESKTOP);
    try {
      await tab.page.goto(otherUrl);
      const embed = new PublicStationPage(tab.page.frameLocator('iframe[title="Now playing"]'));
      await embed.title.waitFor();
      expect(await embed.nowTitle()).not.toBe('');
      await embed.playButton.waitFor();
      const history = tab.page.frameLocator('iframe[title="Recently played"]');
      await history.getByRole('heading', { name: 'Recently played' }).waitFor();
      const schedule = new PublicStationPage(tab.page.frameLocator('iframe[title="Schedule"]'));
      expect(await schedule.schedule()).toEqual(
        expect.arrayContaining([expect.stringContaining(SHOW)]),
      );
      // frame-ancestors 'none': the page's own document never loads inside the frame.
      const framed = tab.page.frames().find((f) => f.url().endsWith(`/public/${demo.slug}`));
      const loaded = framed ? await framed.locator('[data-testid="now-title"]').count() : 0;
      expect(loaded).toBe(0);
      await screenshot(tab.page, 'public-widgets');
    } finally {
      await tab.close();
    }
  });

  it('a private or unknown station has no page', async () => {
    const { baseUrl } = await stack();
    const res = await fetch(`${baseUrl}/public/no-such-station`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });
});
