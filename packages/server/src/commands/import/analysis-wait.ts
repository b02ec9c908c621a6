import { setTimeout as sleep } from 'node:timers/promises';
import {
  analysed,
  analysisLine,
  countAnalysis,
  type AnalysisCounts,
  type AnalysisRow,
} from './analysis-progress.js';
import type { Failure } from '../../modules/imports/index.js';

// Far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

interface WaitOptions {
  /** The imported items (id → path in DIR, for the failure list). */
  readonly items: ReadonlyMap<string, string>;
  readonly load: (ids: readonly string[]) => Promise<AnalysisRow[]>;
  readonly signal: AbortSignal;
  readonly progress: {
    update(text: (elapsedMs: number) => string): void;
    note(text: string): void;
  };
  readonly nowMs: () => number;
  readonly pollMs?: number;
  /** How long nothing may be running before the operator is told why that may be. */
  readonly idleHintMs?: number;
}

async function loadAll(o: WaitOptions, ids: readonly string[]): Promise<AnalysisRow[]> {
  const rows: AnalysisRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await o.load(ids.slice(i, i + CHUNK))));
  return rows;
}

/**
 * Polls the imported items until each has been analysed (or failed), by whichever process
 * runs the analysis queue: the leader of a `grimnirradio serve` with a media engine, which
 * claims `pending` rows from the table. This process only watches.
 */
export async function waitForAnalysis(
  o: WaitOptions,
): Promise<{ ending: 'complete' | 'interrupted'; failures: Failure[] }> {
  const ids = [...o.items.keys()];
  let rows = await loadAll(o, ids);
  let counts: AnalysisCounts = countAnalysis(ids.length, rows);
  const doneAtStart = analysed(counts);
  let lastChange = o.nowMs();
  let hinted = false;
  while (analysed(counts) < counts.total && !o.signal.aborted) {
    const now = counts;
    o.progress.update((ms) => analysisLine(now, doneAtStart, ms));
    await sleep(o.pollMs ?? 2_000, undefined, { signal: o.signal }).catch(() => undefined);
    rows = await loadAll(o, ids);
    const next = countAnalysis(ids.length, rows);
    if (analysed(next) !== analysed(counts) || next.running > 0) lastChange = o.nowMs();
    counts = next;
    if (!hinted && o.nowMs() - lastChange > (o.idleHintMs ?? 60_000)) {
      hinted = true;
      o.progress.note(
        'nothing has been analysed for a minute: analysis runs in `grimnirradio serve` (the ' +
          'leader, with a media engine reachable); the items wait as pending until one runs',
      );
    }
  }
  const final = counts;
  o.progress.update((ms) => analysisLine(final, doneAtStart, ms));
  const failures = rows
    .filter((r) => r.analysis_state === 'failed')
    .map((r) => ({
      path: o.items.get(r.id) ?? r.id,
      reason: `analysis failed: ${r.analysis_error ?? 'no reason recorded'}`,
    }));
  return { ending: o.signal.aborted ? 'interrupted' : 'complete', failures };
}
