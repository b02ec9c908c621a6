import { etaMs, filesPerMinute, formatDuration } from './import-progress.js';

/** Pure text and bookkeeping of `import --wait-analysis`: how far the analysis has got. */

export interface AnalysisRow {
  readonly id: string;
  readonly analysis_state: string;
  readonly analysis_error: string | null;
}

export interface AnalysisCounts {
  readonly total: number;
  readonly complete: number;
  readonly failed: number;
  readonly running: number;
}

/** Rows missing from `rows` (deleted meanwhile) count as done: nothing will analyse them. */
export function countAnalysis(total: number, rows: readonly AnalysisRow[]): AnalysisCounts {
  const by = (state: string) => rows.filter((r) => r.analysis_state === state).length;
  const pending = by('pending') + by('running');
  return {
    total,
    complete: total - pending - by('failed'),
    failed: by('failed'),
    running: by('running'),
  };
}

export const analysed = (c: AnalysisCounts): number => c.complete + c.failed;

/** `analysed N/M · F failed · R files/min · ETA mm:ss`; the rate counts this wait only. */
export function analysisLine(c: AnalysisCounts, doneAtStart: number, elapsedMs: number): string {
  const rate = filesPerMinute(analysed(c) - doneAtStart, elapsedMs);
  return [
    `analysed ${analysed(c)}/${c.total}`,
    `${c.failed} failed`,
    `${Math.round(rate)} files/min`,
    `ETA ${formatDuration(etaMs(c.total - analysed(c), rate))}`,
  ].join(' · ');
}
