import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPage } from './pages/login-page.js';
import { seedStation, type SeededStation } from './pages/library-seed.js';
import { PlaylistsPage } from './pages/playlists-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// A playlist made in the console: tracks added from a library search in one go, reordered by
// dragging, an item's cues overridden, exported as .m3u (the real download) and imported back
// with one line that matches nothing, which the report names — checked through the API.

const TRACKS = [
  { title: 'Alpha', artist: 'Ann Ark', genre: 'Pop' },
  { title: 'Bravo', artist: 'Bob Bay', genre: 'Pop' },
  { title: 'Charlie', artist: 'Cy Cole', genre: 'Pop' },
  { title: 'Delta', artist: 'Di Dunn', genre: 'Pop' },
];
const label = (title: string) => {
  const t = TRACKS.find((x) => x.title === title)!;
  return `${t.artist} – ${t.title}`;
};

let world: Promise<SeededStation> | undefined;
beforeAll(async () => {
  world = seedStation(`Playlists ${process.pid}`, TRACKS, 2, 600);
  await world;
}, 400_000);
afterAll(closeBrowser);

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('playlists (%s)', (size, viewport) => {
  it('adds from the library, reorders, overrides cues, exports and imports an .m3u', async () => {
    const w = (await world)!;
    const { adminPassword } = await stack();
    const id = (title: string) => w.ids.get(title)!;
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const page = await PlaylistsPage.open(tab.page, w.stationId);
      const name = `Evening ${size}`;
      await page.create(name);
      await page.addFromLibrary('', [label('Alpha'), label('Bravo'), label('Charlie')]);
      expect(await page.titles()).toEqual([label('Alpha'), label('Bravo'), label('Charlie')]);
      await poll(() => page.total()).toBe('3 tracks · 0:06');

      const playlistId = new URL(tab.page.url()).searchParams.get('id');
      expect(playlistId).toBeTruthy();
      const items = async () =>
        (
          await w.api.call<
            { media_id: string; cue_in_ms: number | null; fade_out_ms: number | null }[]
          >('GET', `/api/v1/playlists/${playlistId}/items`)
        ).map((i) => [i.media_id, i.cue_in_ms, i.fade_out_ms]);

      await page.drag(label('Charlie'), label('Alpha'));
      await poll(() => page.titles()).toEqual([label('Charlie'), label('Alpha'), label('Bravo')]);
      await poll(items).toEqual([
        [id('Charlie'), null, null],
        [id('Alpha'), null, null],
        [id('Bravo'), null, null],
      ]);

      await page.setOverrides(label('Alpha'), { cueIn: '0.5', fadeOut: '1' });
      await poll(items).toEqual([
        [id('Charlie'), null, null],
        [id('Alpha'), 500, 1000],
        [id('Bravo'), null, null],
      ]);
      await poll(() => page.total()).toBe('3 tracks · 0:05');
      await expectAccessible(tab.page);
      // Full-page shots from the top: the fixed header is drawn where the view was.
      await tab.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab.page, 'playlists');

      const download = await page.export('m3u');
      expect(download.suggestedFilename()).toBe(`${name}.m3u`);
      // The browser runs as a server: the file comes back as a stream, not a local path.
      const chunks: Buffer[] = [];
      for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
      const m3u = Buffer.concat(chunks).toString('utf8');
      expect(m3u.split('\n').filter((l) => l.endsWith('.wav'))).toEqual([
        'track-3.wav',
        'track-1.wav',
        'track-2.wav',
      ]);

      // Back in, replacing the items, with one entry no library track has.
      const file = `${m3u}#EXTINF:200,Nobody - Not Here\n/music/not-here.mp3\n`;
      const report = await page.import('evening.m3u', file, true);
      expect(report).toContain('Imported 3 of 4 entries');
      const unmatched = await page.unmatched().allInnerTexts();
      expect(unmatched).toHaveLength(1);
      expect(unmatched[0]).toContain('Line 9: /music/not-here.mp3');
      await poll(items).toEqual([
        [id('Charlie'), null, null],
        [id('Alpha'), null, null],
        [id('Bravo'), null, null],
      ]);
      await expectAccessible(tab.page);
      // Full-page shots from the top: the fixed header is drawn where the view was.
      await tab.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(tab.page, 'playlists-import');
    } finally {
      await tab.close();
    }
  });
});
