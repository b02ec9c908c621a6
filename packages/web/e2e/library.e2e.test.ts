import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { LibraryPage } from './pages/library-page.js';
import { toneWav } from './pages/library-seed.js';
import { LoginPage } from './pages/login-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  makeUser,
  openTab,
  screenshot,
  stack,
} from './support.js';

// The library of a station of its own, filled through the API (real uploads the engine
// analyses): enough rows for two pages of the keyset cursor and a virtual window smaller than
// the list, one file the engine cannot decode, and one pair of duplicates.

const TRACKS = 60;
const ARTISTS = ['Mira Solen', 'Aurora Kale', 'Tuvi Dane', 'Berlin Nord'];
const GENRES = ['Ambient', 'Jazz', 'Techno'];
const title = (i: number) => `Track ${String(i).padStart(3, '0')}`;

/**
 * One second of a tone as 8 kHz 16-bit mono WAV: small, quick to analyse. Each file gets its
 * own pitch, since the library refuses the same bytes twice.
 */
interface SeedFile {
  name: string;
  bytes: Buffer;
  fields: { title: string } & Record<string, string>;
}

interface Seeded {
  stationId: string;
  api: ApiSession;
  ids: Map<string, string>;
  brokenId: string;
}

async function upload(
  base: string,
  api: ApiSession,
  stationId: string,
  file: { name: string; bytes: Buffer; fields: Record<string, string> },
): Promise<string> {
  const form = new FormData();
  form.set('station_id', stationId);
  for (const [k, v] of Object.entries(file.fields)) form.set(k, v);
  form.set('file', new Blob([file.bytes]), file.name);
  const res = await fetch(`${base}/api/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload ${file.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function seed(): Promise<Seeded> {
  const { baseUrl, adminPassword } = await stack();
  const api = await login(baseUrl, 'admin', adminPassword);
  // Inactive: nothing plays its one-second tracks back to back (a track change a second
  // would keep the server busy for every other test).
  const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
    name: `Library ${process.pid}`,
    active: false,
  });
  const files: SeedFile[] = Array.from({ length: TRACKS }, (_, k) => {
    const i = k + 1;
    return {
      name: `track-${i}.wav`,
      bytes: toneWav(200 + i * 10, 1),
      fields: {
        title: title(i),
        artist: ARTISTS[i % ARTISTS.length]!,
        genre: GENRES[i % GENRES.length]!,
        tags: i % 2 === 0 ? 'even' : 'odd',
      },
    };
  });
  files.push(
    {
      name: 'twin-a.wav',
      bytes: toneWav(1000, 1),
      fields: { title: 'Twin Song', artist: 'Mira Solen' },
    },
    {
      name: 'twin-b.wav',
      bytes: toneWav(1100, 1),
      fields: { title: 'Twin Song', artist: 'Mira Solen' },
    },
  );
  const ids = new Map<string, string>();
  // In order, so "added" (newest first) is the reverse of the track numbers.
  for (const f of files) ids.set(f.fields.title, await upload(baseUrl, api, station.id, f));
  // An MP3 frame header followed by garbage: passes the upload's sniffing, fails analysis.
  const broken = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(32_768, 7)]);
  const brokenId = await upload(baseUrl, api, station.id, {
    name: 'broken.mp3',
    bytes: broken,
    fields: { title: 'Broken File', artist: 'Zed Broken' },
  });
  // The engine analyses every upload; the screen is checked once it has (the Failed view
  // needs the broken file's verdict, and a machine busy analysing answers slowly).
  const analysing = async (state: string) =>
    (
      await api.call<{ items: unknown[] }>(
        'GET',
        `/api/v1/media?station_id=${station.id}&analysis_state=${state}&limit=1`,
      )
    ).items.length > 0;
  await waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const busy = await Promise.all(['pending', 'running'].map(analysing)).catch(() => [true]);
      return busy.every((b) => !b) || undefined;
    },
    300_000,
    'every upload analysed',
  );
  return { stationId: station.id, api, ids, brokenId };
}

// The page answers as fast as the shared machine lets it: wait, never assert speed.
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

let world: Promise<Seeded> | undefined;
beforeAll(async () => {
  world = seed();
  await world;
}, 400_000);
afterAll(closeBrowser);

interface MediaFacts {
  title: string;
  genre: string | null;
  analysis_state: string;
}
const media = (w: Seeded, id: string) => w.api.call<MediaFacts>('GET', `/api/v1/media/${id}`);

async function countWhere(w: Seeded, query: string): Promise<number> {
  const r = await w.api.call<{ items: unknown[] }>(
    'GET',
    `/api/v1/media?station_id=${w.stationId}&limit=200&${query}`,
  );
  return r.items.length;
}

describe.each([
  ['desktop', DESKTOP, 5, [9, 8, 7]],
  ['phone', PHONE, 15, [4, 3, 2]],
] as const)('library (%s)', (label, viewport, edited, bulk) => {
  it('searches, sorts, filters, edits one item and many, and shows failures', async () => {
    const w = (await world)!;
    const { adminPassword } = await stack();
    const tab = await openTab(viewport);
    try {
      await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
      const library = await LibraryPage.open(tab.page, w.stationId);
      const total = TRACKS + 3;
      await poll(() => library.count()).toMatch(/^50 items loaded/);

      // Only a window of rows is in the DOM; scrolling loads the next page by the cursor.
      expect(await library.renderedRows()).toBeLessThan(50);
      await library.scrollToEnd();
      await poll(() => library.count()).toBe(`${total} items`);
      await library.scrollToEnd();
      await poll(() => library.titles()).toContain(title(1));
      expect(await library.renderedRows()).toBeLessThan(total);
      await library.scrollToTop();
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'library');

      await library.search('track 01');
      // Every word must occur: Track 001 and Track 010 to 019.
      await poll(() => library.count()).toBe('11 items');
      expect((await library.titles()).every((t) => /^Track 0(01|1\d)$/.test(t))).toBe(true);
      await library.search('');
      await poll(() => library.count()).not.toBe('11 items');

      await library.sortBy('Artist');
      await poll(() => library.firstRow()).toContain('Aurora Kale');

      await library.filter('Genre', 'Jazz');
      const jazz = await countWhere(w, 'genre=Jazz');
      await poll(() => library.count()).toBe(`${jazz} items`);
      expect(tab.page.url()).toContain('genre=Jazz');
      await library.clearFilters();

      // The list renders only rows in view: find the row first, as a user would.
      const id = w.ids.get(title(edited))!;
      await library.search(title(edited));
      await poll(() => library.titles()).toEqual([title(edited)]);
      const editor = await library.open(title(edited));
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'library-edit');
      await editor.setTitle(`${title(edited)} (${label} edit)`);
      await editor.save();
      expect((await media(w, id)).title).toBe(`${title(edited)} (${label} edit)`);
      await editor.close();

      await library.sortBy('Added');
      await library.search('track 00');
      await poll(() => library.count()).toBe('9 items');
      const [first, ...rest] = bulk.map(title);
      await library.select(first!);
      await library.select(rest.at(-1)!, true);
      expect(await library.bulkSet('genre', `Bulk ${label}`)).toBe('Changed 3 items.');
      for (const t of bulk.map(title))
        expect((await media(w, w.ids.get(t)!)).genre).toBe(`Bulk ${label}`);

      expect((await media(w, w.brokenId)).analysis_state).toBe('failed');
      await library.search('');
      await library.view('Failed analysis');
      await poll(() => library.titles()).toEqual(['Broken File']);
      expect(tab.page.url()).toContain('view=failed');
      await poll(() => library.rows.first().innerText()).toMatch(/failed/i);
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'library-failed');

      await library.view('Duplicates');
      await tab.page.getByRole('region', { name: 'Twin Song (2 copies)' }).waitFor();
      await expectAccessible(tab.page);
      await screenshot(tab.page, 'library-duplicates');
    } finally {
      await tab.close();
    }
  });
});

it('a viewer browses the library but is offered no editing', async () => {
  const w = (await world)!;
  const viewer = await makeUser({ role: 'viewer', stationId: w.stationId });
  const tab = await openTab(PHONE);
  try {
    await (await LoginPage.open(tab.page, '/login')).logIn(viewer.username, viewer.password);
    const library = await LibraryPage.open(tab.page, w.stationId, '?sort=title');
    const editor = await library.open('Broken File');
    expect(await editor.dialog.getByRole('textbox', { name: 'Title' }).isDisabled()).toBe(true);
    expect(await editor.dialog.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await editor.dialog.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await expectAccessible(tab.page);
  } finally {
    await tab.close();
  }
});
