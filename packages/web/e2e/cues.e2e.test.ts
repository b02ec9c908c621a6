import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { dominantTone } from '@grimnir/test-kit/tone-detect.js';
import { CueEditorPage } from './pages/cue-editor-page.js';
import { LoginPage } from './pages/login-page.js';
import {
  DESKTOP,
  PHONE,
  closeBrowser,
  expectAccessible,
  openTab,
  screenshot,
  stack,
} from './support.js';

// The cue editor end to end: an item whose first 4 s are one tone (1000 Hz) and the next 8 s
// another (1500 Hz). The cue-in is set in the editor (dragged, then typed), saved, checked in
// the API — and heard: the station plays the item from the play-next queue, and the decoded
// listener stream has the second tone from the item's first moment and never the first.

const run = promisify(execFile);
const FIRST = 1000;
const SECOND = 1500;
const FILLER = 300;
const RATE = 44_100;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  await stack();
  tmp = await makeTempDir('grimnir-cues-e2e-');
});
afterAll(async () => {
  await closeBrowser();
  await tmp?.cleanup();
});

/** 4 s of FIRST then 8 s of SECOND in one MP3 (GStreamer, generated, never committed). */
async function twoTones(file: string): Promise<string> {
  const part = (freq: number, seconds: number) => [
    'audiotestsrc',
    'wave=sine',
    `freq=${freq}`,
    'volume=0.3',
    'samplesperbuffer=441',
    `num-buffers=${seconds * 100}`,
    '!',
    'audio/x-raw,rate=44100,channels=2,format=F32LE',
    '!',
    'c.',
  ];
  await run('gst-launch-1.0', [
    '-q',
    'concat',
    'name=c',
    '!',
    'audioconvert',
    '!',
    'lamemp3enc',
    'target=bitrate',
    'bitrate=192',
    'cbr=true',
    '!',
    'filesink',
    `location=${file}`,
    ...part(FIRST, 4),
    ...part(SECOND, 8),
  ]);
  return file;
}

async function analysed(api: ApiSession, id: string): Promise<void> {
  await waitFor(
    async () => {
      const m = await api.call<{ analysis_state: string }>('GET', `/api/v1/media/${id}`);
      if (m.analysis_state === 'failed') throw new Error('analysis failed');
      return m.analysis_state === 'complete' ? true : undefined;
    },
    60_000,
    'the analysis',
  );
}

interface Station {
  id: string;
  api: ApiSession;
  itemId: string;
  fillerId: string;
}

let station: Promise<Station> | undefined;
/** A station of its own (the demo station is shared with other test files): two items. */
function cueStation(): Promise<Station> {
  station ??= (async () => {
    const { baseUrl, adminPassword } = await stack();
    const api = await login(baseUrl, 'admin', adminPassword);
    const st = await api.call<{ id: string }>('POST', '/api/v1/stations', {
      name: `Cue editor ${process.pid}`,
      crossfade_ms: 0,
    });
    const itemId = await api.upload(st.id, await twoTones(join(tmp.dir, 'two.mp3')), 'Two Tones');
    const filler = await makeTone(join(tmp.dir, 'filler.mp3'), { freq: FILLER, seconds: 10 });
    const fillerId = await api.upload(st.id, filler, 'Filler');
    await analysed(api, itemId);
    await analysed(api, fillerId);
    return { id: st.id, api, itemId, fillerId };
  })();
  return station;
}

interface NowPlaying {
  current: { media_id: string | null } | null;
  up_next: { media_id: string | null; source: string }[];
}
const nowPlaying = (s: Station) =>
  s.api.call<NowPlaying>('GET', `/api/v1/stations/${s.id}/now-playing`);

/** Records a listener stream until `stop()`; resolves to the bytes heard. */
function listen(url: string): { stop(): Promise<Buffer> } {
  const ctrl = new AbortController();
  const parts: Buffer[] = [];
  const done = (async () => {
    try {
      const res = await fetch(url, { signal: ctrl.signal });
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      for await (const chunk of res.body) parts.push(Buffer.from(chunk as Uint8Array));
    } catch (e) {
      if (!ctrl.signal.aborted) throw e;
    }
  })();
  return {
    async stop() {
      ctrl.abort();
      await done;
      return Buffer.concat(parts);
    },
  };
}

/** The dominant tone of each 50 ms window, collapsed into runs [freq, seconds]. */
function toneRuns(pcm: Float32Array): [number | undefined, number][] {
  const win = RATE / 20;
  const runs: [number | undefined, number][] = [];
  for (let i = 0; i + win <= pcm.length; i += win) {
    const t = dominantTone(pcm.subarray(i, i + win), [FILLER, FIRST, SECOND], 0.02);
    const last = runs.at(-1);
    if (last && last[0] === t) last[1] += 0.05;
    else runs.push([t, 0.05]);
  }
  return runs.filter(([, s]) => s >= 0.2);
}

it('sets a cue-in by dragging and typing, saves it, and the station plays from there (desktop)', async () => {
  const { adminPassword, baseUrl } = await stack();
  const s = await cueStation();
  const tab = await openTab(DESKTOP);
  try {
    await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
    const editor = await CueEditorPage.open(tab.page, s.id, s.itemId);
    expect(await editor.unsavedBadge()).toBe('Saved');
    await expectAccessible(tab.page);

    // Every cue is on the waveform, the cue-out too (at the file's very end).
    expect(await editor.marker('cueOut').count()).toBe(1);
    expect(await editor.markerFraction('cueOut')).toBeGreaterThan(0.95);

    // A drag moves the marker and the field follows it.
    const before = await editor.value('cueIn');
    const dragged = await editor.dragMarker('cueIn', 200);
    expect(dragged).not.toBe(before);
    expect(dragged).toMatch(/^0:0\d\.\d{3}$/);
    expect(await editor.unsavedBadge()).toBe('Unsaved changes');

    // Out of order is refused before saving; reset brings back what is saved.
    await editor.setTime('cueIn', '0:13.000');
    expect(await editor.issue('cueIn')).toMatch(/inside the file/);
    expect(await editor.saveEnabled()).toBe(false);
    await editor.reset();
    expect(await editor.value('cueIn')).toBe(before);

    // The keyboard way: type the exact time; the marker follows the field.
    await editor.setTime('cueIn', '0:05.000');
    expect(await editor.value('cueIn')).toBe('0:05.000');
    expect(await editor.markerFraction('cueIn')).toBeCloseTo(5 / 12, 1);
    await editor.setTime('fadeOutStart', '0:11.000');
    await editor.previewFromCueIn();
    await editor.stop();
    await screenshot(tab.page, 'cue-editor');
    expect(await editor.save()).toMatch(/^Saved/);
    expect(await editor.unsavedBadge()).toBe('Saved');
    const saved = await s.api.call<{
      cue_in_ms: number;
      cue_out_ms: number | null;
      fade_out_ms: number | null;
    }>('GET', `/api/v1/media/${s.itemId}`);
    expect(saved.cue_in_ms).toBe(5_000);
    // Saved as a length up to the cue-out (the analysis put it at the file's end).
    expect(saved.fade_out_ms).toBe((saved.cue_out_ms ?? 12_000) - 11_000);
    await expectAccessible(tab.page);
  } finally {
    await tab.close();
  }

  // Heard: with the filler on air, queue the item; it plays next.
  const [mount] = await s.api.call<{ name: string }[]>('GET', `/api/v1/stations/${s.id}/mounts`);
  // From the filler's start, so the director has its whole length to load the queued item.
  await waitFor(
    async () => ((await nowPlaying(s)).current?.media_id !== s.fillerId ? true : undefined),
    60_000,
    'the filler off air',
  );
  await waitFor(
    async () => ((await nowPlaying(s)).current?.media_id === s.fillerId ? true : undefined),
    60_000,
    'the filler on air',
  );
  const ear = listen(`${baseUrl}/stream/${mount!.name}`);
  await s.api.call('POST', '/api/v1/playout/queue', { station_id: s.id, media_id: s.itemId });
  // No skip: up_next reflects the queue table at once, while the director rebuilds the
  // engine's queue on its next tick (within a second); a skip sent before that would start the
  // item the engine had loaded ahead before the edit, with its old cues. The queued item
  // follows the filler (10 s) instead.
  await waitFor(
    async () => ((await nowPlaying(s)).current?.media_id === s.itemId ? true : undefined),
    30_000,
    'the item on air',
  );
  await waitFor(
    async () => ((await nowPlaying(s)).current?.media_id !== s.itemId ? true : undefined),
    30_000,
    'the item to end',
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const pcm = await decodeBytesToMono(await ear.stop(), tmp.dir, 'mp3');
  const runs = toneRuns(pcm);
  const heard = runs.map(([f, sec]) => `${f ?? '-'}:${sec.toFixed(2)}`).join(' ');
  console.info('cue editor: tones heard on the listener stream (Hz:seconds)', heard);
  // The item as listeners heard it: after the filler, straight into the second tone
  // — the first is never heard — for the 7 s from the cue-in to the end.
  const filler = runs.findIndex(([f]) => f === FILLER);
  expect(filler, heard).toBeGreaterThanOrEqual(0);
  const next = runs.slice(filler + 1).find(([f]) => f !== undefined);
  expect(next?.[0], heard).toBe(SECOND);
  expect(next![1], heard).toBeGreaterThan(5.5);
}, 240_000);

it('at phone size the inputs stack under the waveform and stay usable', async () => {
  const { adminPassword } = await stack();
  const s = await cueStation();
  const tab = await openTab(PHONE);
  try {
    await (await LoginPage.open(tab.page, '/login')).logIn('admin', adminPassword);
    const editor = await CueEditorPage.open(tab.page, s.id, s.itemId);
    const savedIntro = await editor.value('introEnd');
    const wave = await tab.page.getByTestId('waveform').boundingBox();
    const cueIn = await editor.field('cueIn').boundingBox();
    const cueOut = await editor.field('cueOut').boundingBox();
    expect(wave!.width).toBeLessThanOrEqual(390);
    expect(cueIn!.y).toBeGreaterThan(wave!.y + wave!.height);
    expect(cueOut!.y).toBeGreaterThan(cueIn!.y);
    expect(cueIn!.x + cueIn!.width).toBeLessThanOrEqual(390);
    const scrollWidth = await tab.page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await editor.setTime('introEnd', '0:06.000');
    expect(await editor.unsavedBadge()).toBe('Unsaved changes');
    expect(await editor.marker('introEnd').count()).toBe(1);
    await expectAccessible(tab.page);
    await screenshot(tab.page, 'cue-editor');
    await editor.reset();
    expect(await editor.value('introEnd')).toBe(savedIntro);
    expect(await editor.unsavedBadge()).toBe('Saved');
  } finally {
    await tab.close();
  }
});
