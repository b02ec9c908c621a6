import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { seedStation, type SeededStation } from './pages/library-seed.js';
import { SmartBlocksPage } from './pages/smart-blocks-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// A smart block built in the form with a rule of each kind, saved, and previewed: the chosen
// tracks with their reasons and the relaxations the engine had to make (three artists cannot
// keep half an hour apart in a one-minute block), at desktop and phone size.

const TRACKS = [
  ...['Ana Lux', 'Ben Ode', 'Cleo Rai'].flatMap((artist, a) =>
    [1, 2, 3].map((n) => ({ title: `Jazz ${a}${n}`, artist, genre: 'Jazz' })),
  ),
  { title: 'Loud Rock', artist: 'Dee Volt', genre: 'Rock' },
  { title: 'Station ID', artist: 'Grimnir', genre: 'Jazz', tags: 'jingle' },
];

let world: Promise<SeededStation> | undefined;
beforeAll(async () => {
  world = seedStation(`Smart blocks ${process.pid}`, TRACKS, 3, 400);
  await world;
}, 400_000);
afterAll(closeBrowser);

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('smart blocks (%s)', (label, viewport) => {
  it('builds a block from every kind of rule and previews it with reasons and relaxations', async () => {
    const w = (await world)!;
    const { adminPassword } = await stack();
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const page = await SmartBlocksPage.open(tab.page, w.stationId);
      await page.create(`Late jazz ${label}`);
      await page.addFilter('Include filter', { field: 'Genre', condition: 'is', value: 'jazz' });
      await page.addFilter('Exclude filter', {
        field: 'Tags',
        condition: 'contains',
        value: 'jingle',
      });
      await page.addWeight({ field: 'Artist', condition: 'is', value: 'Ana Lux' }, '3');
      await page.addQuota(
        { field: 'Artist', condition: 'is one of', value: 'Ben Ode, Cleo Rai' },
        { atMost: '4', perMinutes: '60' },
      );
      await page.separation({ artist: '30', title: '10' });
      await page.tolerance('4');
      await page.addFilter('Filler filter', { field: 'Tags', condition: 'is', value: 'jingle' });
      await page.addEnergyPoint('0', '30');
      await page.addEnergyPoint('100', '80');
      await expectAccessible(tab.page);
      await page.save();

      const blocks = await w.api.call<{ name: string; rules: unknown }[]>(
        'GET',
        `/api/v1/smart-blocks?station_id=${w.stationId}`,
      );
      expect(blocks.find((b) => b.name === `Late jazz ${label}`)?.rules).toEqual({
        include: [{ field: 'genre', op: 'eq', value: 'jazz' }],
        include_mode: 'all',
        exclude: [{ field: 'tags', op: 'contains', value: 'jingle' }],
        weights: [{ filter: { field: 'artist', op: 'eq', value: 'Ana Lux' }, weight: 3 }],
        quotas: [
          {
            filter: { field: 'artist', op: 'in', value: ['Ben Ode', 'Cleo Rai'] },
            max: 4,
            window_minutes: 60,
          },
        ],
        separation: { artist_minutes: 30, title_minutes: 10, album_minutes: 0 },
        tolerance_ms: 4000,
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
        energy_curve: [
          { at: 0, energy: 0.3 },
          { at: 1, energy: 0.8 },
        ],
      });

      await page.preview('1', 'e2e');
      expect(await page.previewItems().count()).toBeGreaterThan(5);
      const reasons = await page.reasons();
      const music = reasons.filter((r) => !r.startsWith('filler'));
      expect(music.length).toBeGreaterThan(5);
      for (const r of music) expect(r).toContain('genre eq "jazz"');
      const titles = await page.previewItems().allInnerTexts();
      expect(titles.join('\n')).not.toContain('Loud Rock');
      expect(await page.relaxations()).toMatch(/artist separation|title separation|quota/);
      await expectAccessible(tab.page);
      // Full-page shots from the top: the fixed header is drawn where the view was.
      await tab.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab.page, 'smart-blocks');

      // An edit is saved by the next preview, which then shows the new rules at work.
      await page.fillFilter('Include filter 1', {
        field: 'Artist',
        condition: 'is',
        value: 'Ana Lux',
      });
      await page.preview('0.5', 'second');
      for (const r of await page.reasons())
        if (!r.startsWith('filler')) expect(r).toContain('artist eq "Ana Lux"');
    } finally {
      await tab.close();
    }
  });
});
