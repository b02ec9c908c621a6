import { describe, expect, it } from 'vitest';
import { importLine, progressOf, type ImportJob } from './import-format';

const job = (over: Partial<ImportJob>): ImportJob => ({
  id: 'j',
  station_id: 's',
  folder: 'Albums',
  state: 'importing',
  reason: null,
  total: 400,
  imported: 80,
  duplicates: 30,
  failed: 10,
  failures: [],
  started_at: '2026-12-06T10:00:00.000Z',
  finished_at: null,
  rate_per_min: 42,
  eta_s: 300,
  ...over,
});

describe('import job lines', () => {
  it.each([
    [
      'importing, with pace and time left',
      job({}),
      '120 of 400 files: 80 imported, 30 already in the library, 10 failed · 42 files/min · about 5 min left',
    ],
    ['scanning', job({ state: 'scanning', total: 0 }), 'Looking for audio files in “Albums”…'],
    [
      'complete',
      job({ state: 'complete', imported: 360, eta_s: null, finished_at: 'x' }),
      'Done: 400 audio files in “Albums”: 360 imported, 30 already in the library, 10 failed.',
    ],
    [
      'stopped with a reason',
      job({ state: 'stopped', reason: 'the media disk is full', finished_at: 'x' }),
      'Stopped (the media disk is full) after 120 of 400 files: 80 imported, 30 already in the library, 10 failed.',
    ],
    [
      'under a minute left',
      job({ eta_s: 12 }),
      '120 of 400 files: 80 imported, 30 already in the library, 10 failed · 42 files/min · about 12 s left',
    ],
  ])('%s', (_what, j, line) => {
    expect(importLine(j)).toBe(line);
  });

  it('measures progress over the files found', () => {
    expect(progressOf(job({}))).toEqual({ done: 120, percent: 30 });
    expect(
      progressOf(job({ state: 'scanning', total: 0, imported: 0, duplicates: 0, failed: 0 })),
    ).toEqual({ done: 0, percent: 0 });
  });
});
