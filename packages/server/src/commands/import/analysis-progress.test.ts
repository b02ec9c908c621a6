import { describe, expect, it } from 'vitest';
import { analysed, analysisLine, countAnalysis, type AnalysisRow } from './analysis-progress.js';

const row = (analysis_state: string, analysis_error: string | null = null): AnalysisRow => ({
  id: Math.random().toString(36),
  analysis_state,
  analysis_error,
});

describe('countAnalysis', () => {
  it.each([
    ['nothing yet', 3, [row('pending'), row('pending'), row('running')], [0, 0, 1]],
    ['some done', 3, [row('complete'), row('failed', 'x'), row('running')], [1, 1, 1]],
    ['a deleted item counts as done', 2, [row('pending')], [1, 0, 0]],
    ['all done', 2, [row('complete'), row('complete')], [2, 0, 0]],
  ])('%s', (_name, total, rows, [complete, failed, running]) => {
    expect(countAnalysis(total, rows)).toEqual({ total, complete, failed, running });
  });
});

describe('analysisLine', () => {
  it.each([
    [
      { total: 10, complete: 0, failed: 0, running: 1 },
      0,
      0,
      'analysed 0/10 · 0 failed · 0 files/min · ETA --:--',
    ],
    [
      { total: 10, complete: 4, failed: 1, running: 1 },
      0,
      60_000,
      'analysed 5/10 · 1 failed · 5 files/min · ETA 01:00',
    ],
    // Three were analysed before the wait began: the rate is of the two since.
    [
      { total: 10, complete: 5, failed: 0, running: 1 },
      3,
      60_000,
      'analysed 5/10 · 0 failed · 2 files/min · ETA 02:30',
    ],
  ])('%j', (counts, doneAtStart, ms, line) => {
    expect(analysisLine(counts, doneAtStart, ms)).toBe(line);
    expect(analysed(counts)).toBe(counts.complete + counts.failed);
  });
});
