import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { createAnalysisQueue, createAnalysisRepository } from '../analysis/index.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { createUpload, headUpload, patchUpload, TUS, tusMetadata } from '../../test-support/tus.js';

// Issue 12: an upload whose connection drops halfway resumes from the offset the server kept,
// and the finished file is a library item the analysis measures.

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };
let t: TestApp;

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({
    address: engine.address,
    deadlineMs: 10_000,
    analysisDeadlineMs: 60_000,
  });
  await client.waitForReady(10_000);
  t = await buildTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Sends `head` of a PATCH body over a real socket, then drops the connection. */
async function patchThenDrop(
  port: number,
  location: string,
  token: string,
  file: Buffer,
  head: Buffer,
  dataPath: string,
) {
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'PATCH',
    path: location,
    headers: {
      ...TUS,
      ...bearer(token),
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
      'content-length': String(file.length),
    },
  });
  req.on('error', () => undefined);
  req.write(head);
  // Drop only once the server has written what it received: that is what it must keep.
  await waitFor(
    async () =>
      (await stat(dataPath).catch(() => undefined))?.size === head.length ? true : undefined,
    10_000,
    'first half on disk',
  );
  req.destroy();
}

describe('resumable upload after a dropped connection', () => {
  it('keeps the bytes received, resumes at HEAD’s offset, and ends analysed', async () => {
    const queue = createAnalysisQueue({
      analysed: () => undefined,
      repo: createAnalysisRepository(t.database.db),
      engine: client,
      mediaRoot: t.mediaRoot,
      clock: t.services.clock,
      disk: t.services.disk,
      log: silentLog,
      isLeader: () => true,
      idleMs: 100,
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    try {
      const dj = await t.makeUser({ role: 'dj' });
      const station = await t.makeStation(await t.adminToken());
      await t.addMember(station.id, dj.id, 'dj');
      const file = await readFile(
        await makeTone(join(tmp.dir, 'resume.mp3'), { freq: 330, seconds: 6, volume: 0.3 }),
      );
      const meta = tusMetadata({ station_id: station.id, filename: 'Resumed Tone.mp3' });
      const created = await createUpload(t, bearer(dj.token), meta, file.length);
      expect(created.statusCode).toBe(201);
      const location = created.headers.location as string;
      const id = location.split('/').pop() as string;
      const half = file.subarray(0, file.length >> 1);
      await patchThenDrop(
        port,
        location,
        dj.token,
        file,
        half,
        join(t.mediaRoot, '.tmp', 'tus', id),
      );

      // The server notices the drop and releases the upload; HEAD tells where to go on.
      const offset = await waitFor(
        async () => {
          const res = await headUpload(t, bearer(dj.token), location);
          return res.statusCode === 200 && res.headers['upload-offset'] === String(half.length)
            ? Number(res.headers['upload-offset'])
            : undefined;
        },
        15_000,
        'offset after the drop',
      );
      expect(offset).toBe(half.length);
      const incomplete = await t.app.inject({
        method: 'GET',
        url: `${location}/media`,
        headers: bearer(dj.token),
      });
      expect(incomplete.json()).toMatchObject({
        error: 'upload_incomplete',
        details: { offset: half.length, length: file.length },
      });

      const rest = await patchUpload(t, bearer(dj.token), location, offset, file.subarray(offset));
      expect(rest.statusCode, rest.body).toBe(204);
      expect(rest.headers['upload-offset']).toBe(String(file.length));
      const mediaId = rest.headers['x-media-id'] as string;
      expect(mediaId).toMatch(/^[0-9a-f-]{36}$/);

      // The media row is the same one the follow-up call names, with the whole file.
      const viaUpload = await t.app.inject({
        method: 'GET',
        url: `${location}/media`,
        headers: bearer(dj.token),
      });
      expect(viaUpload.json()).toMatchObject({
        id: mediaId,
        station_id: station.id,
        title: 'Resumed Tone',
        size_bytes: file.length,
        analysis_state: 'pending',
      });
      const audio = await t.app.inject({
        method: 'GET',
        url: `/api/v1/media/${mediaId}/audio`,
        headers: bearer(dj.token),
      });
      expect(Buffer.compare(audio.rawPayload, file)).toBe(0);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'user_id'])
        .where('target_id', '=', mediaId)
        .execute();
      expect(audit).toEqual([{ action: 'media.upload', user_id: dj.id }]);

      await queue.start();
      const analysed = await waitFor(
        async () => {
          const m = (
            await t.app.inject({
              method: 'GET',
              url: `/api/v1/media/${mediaId}`,
              headers: bearer(dj.token),
            })
          ).json<{ analysis_state: string; loudness_lufs: number | null }>();
          return m.analysis_state === 'complete' ? m : undefined;
        },
        60_000,
        'analysis',
      );
      expect(analysed.loudness_lufs).toEqual(expect.any(Number));
    } finally {
      await queue.stop();
    }
  }, 120_000);
});
