import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { makeAudio } from './audio-fixtures.js';
import { buildTestApp, type TestApp } from './app.js';
import { mediaWorld, uploadMedia, type MediaWorld } from './media.js';

/**
 * The common frame of the media API suites: a work folder per file, a fresh app and media world
 * per test, and helpers to upload a short distinct tone and to call the API.
 */
export function useMediaSuite(prefix: string) {
  const state = {} as { work: string; t: TestApp; w: MediaWorld };
  beforeAll(async () => {
    state.work = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(state.work, { recursive: true, force: true });
  });
  beforeEach(async () => {
    state.t = await buildTestApp();
    state.w = await mediaWorld(state.t);
  });
  afterEach(async () => {
    await state.t.close();
  });

  let freq = 300;
  async function uploadTone(
    stationId: string,
    tags: Record<string, string> = {},
    format: 'mp3' | 'wav' = 'mp3',
  ) {
    const { t, w, work } = state;
    freq += 7;
    const data = await readFile(await makeAudio(work, format, { freq, seconds: 1 }));
    const auth = stationId === w.stationA ? w.djA : w.djB;
    const res = await uploadMedia(
      t,
      auth,
      { station_id: stationId, ...tags },
      { name: `t${freq}.${format}`, data },
    );
    expect(res.statusCode).toBe(201);
    return { media: res.json<{ id: string; title: string }>(), data };
  }

  return {
    current: () => state,
    uploadTone,
    get: (url: string, headers: Record<string, string> = {}) =>
      state.t.app.inject({ method: 'GET', url, headers }),
    call: (
      method: 'PATCH' | 'DELETE',
      url: string,
      headers: Record<string, string>,
      payload?: object,
    ) => state.t.app.inject({ method, url, headers, ...(payload && { payload }) }),
  };
}
