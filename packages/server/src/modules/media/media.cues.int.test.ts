import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test-support/app.js';
import { insertLibraryRows } from '../../test-support/library-rows.js';
import { useMediaSuite } from '../../test-support/media-suite.js';
import type { MediaWorld } from '../../test-support/media.js';

const suite = useMediaSuite('grimnir-media-cues-');
let t: TestApp;
let w: MediaWorld;
beforeEach(() => {
  ({ t, w } = suite.current());
});

async function item(analysisState: 'complete' | 'pending' = 'complete'): Promise<string> {
  const [id] = await insertLibraryRows(t.database.db, w.stationA, [
    { title: 'Cue me', durationMs: 180_000, analysisState },
  ]);
  return id as string;
}

const patch = (id: string, body: object, auth = w.djA) =>
  suite.call('PATCH', `/api/v1/media/${id}`, auth, body);

describe('PATCH /api/v1/media/{id}: cue points and fades', () => {
  it('stores a full, ordered set and clears a field with null', async () => {
    const id = await item();
    const cues = {
      cue_in_ms: 1_000,
      intro_ms: 5_000,
      outro_ms: 160_000,
      cue_out_ms: 170_000,
      fade_in_ms: 500,
      fade_out_ms: 3_000,
    };
    const res = await patch(id, cues);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject(cues);
    const cleared = await patch(id, { cue_in_ms: null });
    expect(cleared.json()).toMatchObject({ ...cues, cue_in_ms: null });
    const read = await suite.get(`/api/v1/media/${id}`, w.viewerA);
    expect(read.json()).toMatchObject({ ...cues, cue_in_ms: null });
  });

  it.each([
    ['a cue-out past the duration', { cue_out_ms: 180_001 }, 'cue_out_ms'],
    ['a cue-out before the cue-in', { cue_in_ms: 9_000, cue_out_ms: 8_000 }, 'cue_out_ms'],
    ['a fade-in longer than what plays', { cue_out_ms: 2_000, fade_in_ms: 2_500 }, 'fade_in_ms'],
    ['an outro before the intro', { intro_ms: 50_000, outro_ms: 40_000 }, 'outro_ms'],
    ['a negative cue', { cue_in_ms: -1 }, 'cue_in_ms'],
  ])('refuses %s with 400 and names the field', async (_name, body, field) => {
    const id = await item();
    const res = await patch(id, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_error' });
    expect(res.body).toContain(field);
  });

  it('checks a patch against the values already stored', async () => {
    const id = await item();
    expect((await patch(id, { cue_out_ms: 100_000 })).statusCode).toBe(200);
    const res = await patch(id, { cue_in_ms: 120_000 });
    expect(res.statusCode).toBe(400);
    expect((await suite.get(`/api/v1/media/${id}`, w.viewerA)).json()).toMatchObject({
      cue_in_ms: null,
      cue_out_ms: 100_000,
    });
  });

  it('waits for the analysis (409) and needs the dj role (403)', async () => {
    const pending = await item('pending');
    const res = await patch(pending, { cue_in_ms: 1_000 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'analysis_pending' });
    expect((await patch(pending, { title: 'Tags still editable' })).statusCode).toBe(200);
    expect((await patch(await item(), { cue_in_ms: 1_000 }, w.viewerA)).statusCode).toBe(403);
  });
});
