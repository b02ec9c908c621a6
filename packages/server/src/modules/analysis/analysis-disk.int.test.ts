import { mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyzeResponse, WaveformResponse } from '@grimnir/contracts';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { uploadMedia } from '../../test-support/media.js';
import { absoluteMediaPath, relativeSidePath, WAVEFORM_SUFFIX } from '../media/index.js';
import { createAnalysisRepository } from './analysis.repository.js';
import { createAnalysisQueue } from './analysis-queue.js';

// Issue 18 item 5: analysis looks at free space first, and a disk that fills up while it writes
// (a real ENOSPC from /dev/full) sends the item back to pending with no temporary file left.

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function fakeEngine() {
  const calls: string[] = [];
  return {
    calls,
    analyze: (path: string) => {
      calls.push(path);
      return Promise.resolve<AnalyzeResponse>({
        ...{ duration_ms: 1000, integrated_lufs: -16, loudness_range_lu: 3, true_peak_dbtp: -1 },
        ...{ replaygain_track_gain_db: -2, replaygain_track_peak: 0.9, cue_in_ms: 0 },
        ...{ cue_out_ms: 1000, intro_end_ms: 0, outro_start_ms: 1000 },
      });
    },
    waveform: () =>
      Promise.resolve<WaveformResponse>({
        peaks: [0.1, 0.2],
        duration_ms: 1000,
      }),
  };
}

async function setup() {
  t = await buildTestApp();
  const admin = await t.adminToken();
  const station = await t.makeStation(admin);
  const file = await makeAudio(t.mediaRoot, 'mp3', { freq: 440, seconds: 1 });
  const res = await uploadMedia(
    t,
    bearer(admin),
    { station_id: station.id },
    {
      name: 'a.mp3',
      data: await readFile(file),
    },
  );
  expect(res.statusCode).toBe(201);
  return { app: t, stationId: station.id, id: res.json<{ id: string }>().id };
}

const state = async (app: TestApp, id: string) =>
  (
    await app.database.db
      .selectFrom('media')
      .select(['analysis_state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).analysis_state;

describe('analysis and the media disk', () => {
  it('waits while the disk is short of space, then analyses', async () => {
    const { app, id } = await setup();
    const engine = fakeEngine();
    let room = false;
    const queue = createAnalysisQueue({
      analysed: () => undefined,
      repo: createAnalysisRepository(app.database.db),
      engine,
      mediaRoot: app.mediaRoot,
      clock: app.services.clock,
      disk: { enough: () => Promise.resolve(room) },
      log: silentLog,
      isLeader: () => true,
      idleMs: 20,
    });
    await queue.start();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(engine.calls).toEqual([]);
      expect(await state(app, id)).toBe('pending');
      room = true;
      queue.kick();
      await waitFor(
        async () => ((await state(app, id)) === 'complete' ? true : undefined),
        15_000,
        'analysis',
      );
    } finally {
      await queue.stop();
    }
  });

  it('a disk that fills while peaks are written: pending again, no temporary file left', async () => {
    const { app, stationId, id } = await setup();
    const peaks = absoluteMediaPath(
      app.mediaRoot,
      relativeSidePath(stationId, id, WAVEFORM_SUFFIX),
    );
    await mkdir(dirname(peaks), { recursive: true });
    // Writing the temporary file writes to /dev/full: the kernel answers ENOSPC.
    await symlink('/dev/full', `${peaks}.${process.pid}.tmp`);
    const engine = fakeEngine();
    const queue = createAnalysisQueue({
      analysed: () => undefined,
      repo: createAnalysisRepository(app.database.db),
      engine,
      mediaRoot: app.mediaRoot,
      clock: app.services.clock,
      disk: { enough: () => Promise.resolve(true) },
      log: silentLog,
      isLeader: () => true,
      idleMs: 20,
    });
    await queue.start();
    try {
      await waitFor(
        () => Promise.resolve(engine.calls.length > 0 ? true : undefined),
        15_000,
        'analysis',
      );
    } finally {
      await queue.stop();
    }
    expect(await state(app, id)).toBe('pending');
    expect((await readdir(dirname(peaks))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
