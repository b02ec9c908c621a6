import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTone } from '@grimnir/test-kit/fixtures.js';
import { ImportPanel } from './pages/import-panel.js';
import { LibraryPage } from './pages/library-page.js';
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

// Issue 15: a folder the server can read is imported from the Library page, with counts, pace
// and the reason of each failed file; imported again, every file is already in the library.

// Tones of their own per run: the same bytes on the demo station would be duplicates.
const base = 900 + (process.pid % 300);
const folder = `Import E2E ${process.pid}`;

beforeAll(async () => {
  const { importRoot } = await stack();
  const dir = join(importRoot, folder, 'disc 1');
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 3; i++)
    await makeTone(join(dir, `0${i + 1} Imported Tone ${i + 1}.mp3`), {
      freq: base + i * 41,
      seconds: 3,
      volume: 0.3,
    });
  await writeFile(join(importRoot, folder, 'liner notes.mp3'), 'words, not sound\n'.repeat(20));
}, 60_000);
afterAll(() => closeBrowser());

it('imports a server folder from the Library page, then finds it all there (desktop, phone)', async () => {
  const { demoStationId } = await stack();
  const dj = await makeUser({ role: 'dj', stationId: demoStationId });
  const desktop = await openTab(DESKTOP);
  try {
    await (await LoginPage.open(desktop.page)).logIn(dj.username, dj.password);
    const panel = await ImportPanel.open(desktop.page, demoStationId);
    await expectAccessible(desktop.page);
    await panel.importFolder(folder);
    await expect
      .poll(() => panel.status(), { timeout: 60_000 })
      .toBe(`Done: 4 audio files in “${folder}”: 3 imported, 0 already in the library, 1 failed.`);
    expect(await panel.failures()).toEqual([
      expect.stringMatching(/^liner notes\.mp3: the file is not a supported audio format/),
    ]);
    // The library lists what came in.
    const library = new LibraryPage(desktop.page);
    await library.search('Imported Tone');
    await expect.poll(() => library.titles(), { timeout: 15_000 }).toHaveLength(3);
    await expectAccessible(desktop.page);
    await screenshot(desktop.page, 'library-import');
  } finally {
    await desktop.close();
  }

  const phone = await openTab(PHONE);
  try {
    await (await LoginPage.open(phone.page)).logIn(dj.username, dj.password);
    const panel = await ImportPanel.open(phone.page, demoStationId);
    await panel.importFolder(folder);
    await expect
      .poll(() => panel.status(), { timeout: 60_000 })
      .toBe(`Done: 4 audio files in “${folder}”: 0 imported, 3 already in the library, 1 failed.`);
    await screenshot(phone.page, 'library-import-phone');
  } finally {
    await phone.close();
  }
}, 180_000);
