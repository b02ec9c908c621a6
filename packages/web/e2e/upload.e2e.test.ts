import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { LoginPage } from './pages/login-page.js';
import { UploadPanel } from './pages/upload-panel.js';
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

// Issue 12: many files dropped at once go up over tus with progress, and each is followed
// until the media engine has analysed it; a file the server refuses says why.

let tmp: { dir: string; cleanup: () => Promise<void> };
// Tones of their own per run: the same bytes twice on a station are refused as duplicates.
const base = 200 + (process.pid % 400);

beforeAll(async () => {
  await stack();
  tmp = await makeTempDir('grimnir-upload-e2e-');
});
afterAll(async () => {
  await closeBrowser();
  await tmp?.cleanup();
});

async function tones(prefix: string, n: number, offset: number): Promise<string[]> {
  const formats = ['mp3', 'ogg', 'wav'] as const;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const format = formats[i % formats.length] ?? 'mp3';
    const file = join(tmp.dir, `${prefix} ${i + 1}.${format}`);
    out.push(
      await makeTone(file, { freq: base + offset + i * 37, seconds: 3, volume: 0.3, format }),
    );
  }
  return out;
}

async function logInAsDj(page: Parameters<typeof LoginPage.open>[0]) {
  const { demoStationId } = await stack();
  const dj = await makeUser({ role: 'dj', stationId: demoStationId });
  await (await LoginPage.open(page)).logIn(dj.username, dj.password);
  return UploadPanel.open(page, demoStationId);
}

it('drops three files at once and sees each analysed; a refused file says why (desktop)', async () => {
  const files = await tones('Dropped Tone', 3, 0);
  const junk = join(tmp.dir, 'not audio.mp3');
  await writeFile(junk, 'these are words, not sound '.repeat(40));
  const tab = await openTab(DESKTOP);
  try {
    const panel = await logInAsDj(tab.page);
    await expectAccessible(tab.page);
    await panel.drop([...files, junk]);
    await expect.poll(() => panel.rows(), { timeout: 10_000 }).toHaveLength(4);
    for (const name of ['Dropped Tone 1.mp3', 'Dropped Tone 2.ogg', 'Dropped Tone 3.wav'])
      await expect.poll(() => panel.state(name), { timeout: 60_000 }).toBe('Analysed');
    expect(await panel.state('not audio.mp3')).toBe('Failed');
    expect(await panel.failure('not audio.mp3')).toMatch(
      /not a supported audio format.*request_id \S+/s,
    );
    expect(await panel.summary()).toBe('3 of 4 analysed, 1 failed');
    await expectAccessible(tab.page);
    await screenshot(tab.page, 'library-upload');
  } finally {
    await tab.close();
  }
}, 120_000);

it('at phone size, chooses files with the button, survives a dropped connection, ends analysed', async () => {
  const files = await tones('Chosen Tone', 2, 200);
  const tab = await openTab(PHONE);
  try {
    const panel = await logInAsDj(tab.page);
    // The first PATCH dies as a reset connection would: the client must ask the server where
    // it stands (HEAD) and send the rest by itself.
    let dropped = 0;
    await tab.page.route('**/api/v1/uploads/*', async (route) => {
      if (route.request().method() === 'PATCH' && dropped === 0) {
        dropped += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await panel.choose(files);
    for (const name of ['Chosen Tone 1.mp3', 'Chosen Tone 2.ogg'])
      await expect.poll(() => panel.state(name), { timeout: 60_000 }).toBe('Analysed');
    expect(dropped).toBe(1);
    await expectAccessible(tab.page);
    await screenshot(tab.page, 'library-upload');
  } finally {
    await tab.close();
  }
}, 120_000);
