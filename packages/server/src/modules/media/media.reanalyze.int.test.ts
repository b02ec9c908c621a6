import { beforeEach, describe, expect, it } from 'vitest';
import { createAnalysisRepository } from '../analysis/index.js';
import { createLibraryRepository } from '../programming/planner/library.repository.js';
import type { TestApp } from '../../test-support/app.js';
import { insertLibraryRows } from '../../test-support/library-rows.js';
import { useMediaSuite } from '../../test-support/media-suite.js';
import type { MediaWorld } from '../../test-support/media.js';

// POST /api/v1/media/{id}/reanalyze against the real database (SQLite, and PostgreSQL with
// GRIMNIR_TEST_DB=postgres): a file fenced after decoder failures goes back into the analysis
// queue with its failure count reset, and returns to rotation only once that analysis succeeds.

const suite = useMediaSuite('grimnir-media-reanalyze-');
let t: TestApp;
let w: MediaWorld;
beforeEach(() => {
  ({ t, w } = suite.current());
});

const RESULT = {
  durationMs: 180_000,
  loudnessLufs: -14,
  loudnessRangeLu: 5,
  truePeakDbtp: -1,
  replaygainDb: -4,
  cueInMs: 0,
  cueOutMs: 180_000,
  introMs: 0,
  outroMs: 180_000,
};

/** An analysed item that the director then fenced after three decoder failures. */
async function fencedItem(): Promise<string> {
  const [id] = await insertLibraryRows(t.database.db, w.stationA, [
    { title: 'Broken on disk', durationMs: 180_000, analysisState: 'complete' },
  ]);
  const repo = t.services.playout.repo;
  const now = new Date().toISOString();
  for (let i = 0; i < 3; i++) await repo.recordDecoderFailure(id!, 'decoder exited: junk', 3, now);
  return id!;
}

const reanalyze = (id: string, auth: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/media/${id}/reanalyze`, headers: auth });
const inRotation = async (id: string) =>
  (await createLibraryRepository(t.database.db).tracks(w.stationA)).some((x) => x.id === id);

describe('POST /api/v1/media/{id}/reanalyze', () => {
  it('re-queues a fenced file; it returns to rotation only once the analysis succeeds', async () => {
    const id = await fencedItem();
    const before = await suite.get(`/api/v1/media/${id}`, w.viewerA);
    expect(before.json()).toMatchObject({
      playout_state: 'failed',
      playout_failures: 3,
      playout_error: 'decoder exited: junk',
    });

    const res = await reanalyze(id, w.djA);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      id,
      analysis_state: 'pending',
      analysis_error: null,
      playout_failures: 0,
      // Still fenced: nothing has shown the file decodes yet.
      playout_state: 'failed',
    });
    expect(await inRotation(id)).toBe(false);

    // The analysis fails (the file is still broken): it stays out of rotation.
    const analysis = createAnalysisRepository(t.database.db);
    const now = () => new Date().toISOString();
    expect((await analysis.claimNext(now()))?.id).toBe(id);
    await analysis.fail(id, 'could not decode', now());
    expect((await suite.get(`/api/v1/media/${id}`, w.viewerA)).json()).toMatchObject({
      analysis_state: 'failed',
      analysis_error: 'could not decode',
      playout_state: 'failed',
    });
    expect(await inRotation(id)).toBe(false);

    // Fixed on disk, analysed again by a manager this time: back in rotation.
    expect((await reanalyze(id, w.managerA)).statusCode).toBe(202);
    expect((await analysis.claimNext(now()))?.id).toBe(id);
    await analysis.complete(id, RESULT, now());
    expect((await suite.get(`/api/v1/media/${id}`, w.viewerA)).json()).toMatchObject({
      analysis_state: 'complete',
      playout_state: 'ok',
      playout_failures: 0,
      playout_error: null,
    });
    expect(await inRotation(id)).toBe(true);
  });

  it('leaves an analysis already running as it is', async () => {
    const id = await fencedItem();
    expect((await reanalyze(id, w.djA)).statusCode).toBe(202);
    const analysis = createAnalysisRepository(t.database.db);
    await analysis.claimNext(new Date().toISOString());
    const again = await reanalyze(id, w.djA);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ analysis_state: 'running', playout_state: 'failed' });
  });

  it('is for DJs and managers of the station only', async () => {
    const id = await fencedItem();
    expect((await reanalyze(id, w.viewerA)).statusCode).toBe(403);
    const other = await reanalyze(id, w.djB);
    expect([403, 404]).toContain(other.statusCode);
    expect(other.json()).toMatchObject({
      error: expect.any(String),
      request_id: expect.any(String),
    });
    const missing = await reanalyze('6f1c2d7e-0000-4000-8000-000000000000', w.djA);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found' });
    const bad = await reanalyze('not-a-uuid', w.djA);
    expect(bad.statusCode).toBe(400);
    // Nothing changed for the refused calls.
    expect((await suite.get(`/api/v1/media/${id}`, w.viewerA)).json()).toMatchObject({
      playout_failures: 3,
      analysis_state: 'complete',
    });
  });
});
