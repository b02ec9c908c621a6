import type { ImportJob, ImportJobState } from '@grimnir/contracts';
import { processed, type Tally } from './import-tally.js';

/** What an import job knows about itself (import-jobs.ts keeps one per job). */
export interface JobRecord {
  readonly id: string;
  readonly stationId: string;
  readonly folder: string;
  state: ImportJobState;
  reason: string | null;
  tally: Tally;
  readonly startedAtMs: number;
  finishedAtMs: number | null;
}

/** Failures listed in a job's view; the count covers all of them. */
const LISTED_FAILURES = 100;

/** A job as the API shows it: counts, the rate so far and the time left at that rate. */
export function jobView(job: JobRecord, nowMs: number): ImportJob {
  const done = processed(job.tally);
  const elapsedMs = (job.finishedAtMs ?? nowMs) - job.startedAtMs;
  const perMin = done > 0 && elapsedMs > 0 ? (done * 60_000) / elapsedMs : null;
  const left = job.tally.total - done;
  const running = job.finishedAtMs === null;
  return {
    id: job.id,
    station_id: job.stationId,
    folder: job.folder,
    state: job.state,
    reason: job.reason,
    total: job.tally.total,
    imported: job.tally.imported,
    duplicates: job.tally.duplicates,
    failed: job.tally.failures.length,
    failures: job.tally.failures.slice(0, LISTED_FAILURES).map((f) => ({ ...f })),
    started_at: new Date(job.startedAtMs).toISOString(),
    finished_at: job.finishedAtMs === null ? null : new Date(job.finishedAtMs).toISOString(),
    rate_per_min: perMin === null ? null : Math.round(perMin * 10) / 10,
    eta_s:
      running && perMin !== null && job.state === 'importing'
        ? Math.round((left * 60) / perMin)
        : null,
  };
}
