import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { uploadMedia } from '../../test-support/media.js';
import { createAnalysisRepository } from './analysis.repository.js';
import { createAnalysisQueue } from './analysis-queue.js';

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({
    address: engine.address,
    deadlineMs: 10_000,
    analysisDeadlineMs: 60_000,
  });
  await client.waitForReady(10_000);
}, 60_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function upload(t: TestApp, token: string, stationId: string, name: string, data: Buffer) {
  const res = await uploadMedia(t, bearer(token), { station_id: stationId }, { name, data });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; analysis_state: string }>();
}

describe('analysis queue against a real media engine', () => {
  it('fills loudness, true peak, cue points and waveform; marks broken files failed', async () => {
    const t = await buildTestApp();
    const announced: string[] = [];
    const queue = createAnalysisQueue({
      analysed: (_stationId, mediaId) => announced.push(mediaId),
      repo: createAnalysisRepository(t.database.db),
      engine: client,
      mediaRoot: t.mediaRoot,
      clock: t.services.clock,
      disk: t.services.disk,
      log: silentLog,
      isLeader: () => true,
      idleMs: 100,
    });
    try {
      const admin = await t.adminToken();
      const station = await t.makeStation(admin);
      const tone = await makeTone(join(tmp.dir, 'intro.mp3'), {
        freq: 440,
        seconds: 8,
        volume: 0.3,
        leadingSilenceSeconds: 1.5,
      });
      const good = await upload(t, admin, station.id, 'intro.mp3', await readFile(tone));
      expect(good.analysis_state).toBe('pending');
      // An MP3 header followed by garbage passes sniffing but cannot be decoded.
      const broken = Buffer.concat([
        Buffer.from([0xff, 0xfb, 0x90, 0x64]),
        Buffer.alloc(64 * 1024, 7),
      ]);
      const bad = await upload(t, admin, station.id, 'broken.mp3', broken);

      await queue.start();
      const get = async (id: string) =>
        (
          await t.app.inject({ method: 'GET', url: `/api/v1/media/${id}`, headers: bearer(admin) })
        ).json<Record<string, unknown>>();
      await waitFor(
        async () => ((await get(good.id)).analysis_state === 'complete' ? true : undefined),
        60_000,
        'analysis',
      );
      const m = await get(good.id);
      expect(m.loudness_lufs).toEqual(expect.any(Number));
      expect(m.loudness_lufs as number).toBeGreaterThan(-30);
      expect(m.loudness_lufs as number).toBeLessThan(-5);
      expect(m.true_peak_dbtp).toEqual(expect.any(Number));
      // Cue-in lands at the end of the 1.5 s of leading silence.
      expect(m.cue_in_ms as number).toBeGreaterThan(1200);
      expect(m.cue_in_ms as number).toBeLessThan(1800);
      expect(m.cue_out_ms as number).toBeGreaterThan(8000);

      const wf = await t.app.inject({
        method: 'GET',
        url: `/api/v1/media/${good.id}/waveform`,
        headers: bearer(admin),
      });
      expect(wf.statusCode).toBe(200);
      const peaks = wf.json<{ peaks: [number, number][] }>().peaks;
      expect(peaks.length).toBeGreaterThan(50);
      // Silence first, tone after.
      expect(Math.max(...peaks.slice(0, 5).map((p) => p[1]))).toBeLessThan(0.05);
      expect(Math.max(...peaks.slice(-20).map((p) => p[1]))).toBeGreaterThan(0.1);

      await waitFor(
        async () => ((await get(bad.id)).analysis_state === 'failed' ? true : undefined),
        60_000,
        'analysis',
      );
      const error = (await get(bad.id)).analysis_error;
      expect(error).toEqual(expect.any(String));
      // The operator reads the decoder's reason, never the server's storage path.
      expect(error).not.toContain(t.mediaRoot);
      // Consoles hear of both outcomes (the \`media\` event the root makes of this).
      expect(announced).toEqual(expect.arrayContaining([bad.id]));
    } finally {
      await queue.stop();
      await t.close();
    }
  }, 120_000);

  it('puts interrupted items back in the queue and postpones while the engine is down', async () => {
    const t = await buildTestApp();
    const repo = createAnalysisRepository(t.database.db);
    try {
      const admin = await t.adminToken();
      const station = await t.makeStation(admin);
      const tone = await makeTone(join(tmp.dir, 'b.mp3'), { freq: 660, seconds: 3, volume: 0.3 });
      const item = await upload(t, admin, station.id, 'b.mp3', await readFile(tone));
      expect((await repo.claimNext(new Date().toISOString()))?.id).toBe(item.id);
      // A crash left it running; a restarted queue resumes it. The engine is unreachable.
      const down = createEngineClient({
        address: '127.0.0.1:1',
        deadlineMs: 300,
        analysisDeadlineMs: 300,
      });
      const queue = createAnalysisQueue({
        analysed: () => undefined,
        repo,
        engine: down,
        mediaRoot: t.mediaRoot,
        clock: t.services.clock,
        disk: t.services.disk,
        log: silentLog,
        isLeader: () => true,
        idleMs: 50,
      });
      await queue.start();
      await new Promise((r) => setTimeout(r, 1000));
      await queue.stop();
      down.close();
      const row = await t.database.db
        .selectFrom('media')
        .select(['analysis_state'])
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
      expect(row.analysis_state).toBe('pending');
    } finally {
      await t.close();
    }
  });
});
