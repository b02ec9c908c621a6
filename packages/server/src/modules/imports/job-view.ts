import type { ImportJob, ImportJobState } from '@grimnir/contracts';
import type { Failure } from './import-tally.js';

/** An import job as the database holds it (import-jobs.repository.ts), for every replica. */
export interface StoredJob {
  readonly id: string;
  readonly stationId: string;
  readonly folder: string;
  readonly state: ImportJobState;
  readonly reason: string | null;
  readonly total: number;
  readonly imported: number;
  readonly duplicates: number;
  /** Every failure; `failures` lists the first of them. */
  readonly failed: number;
  readonly failures: readonly Failure[];
  readonly startedAtMs: number;
  readonly finishedAtMs: number | null;
  /** Last write by the replica running it. */
  readonly heartbeatMs: number;
  readonly cancelRequested: boolean;
}

/** The replica running a job writes its progress at least this often. */
export const HEARTBEAT_MS = 2_000;
/** A running job not written for this long lost its replica (killed, crashed). */
export const STALE_AFTER_MS = 30_000;
export const STALE_REASON =
  'the server running this import stopped; start it again to resume (files already imported are skipped)';

/** Whether a job is still running: not finished, and its replica still writes. Pure. */
function isLive(job: StoredJob, nowMs: number): boolean {
  return job.finishedAtMs === null && nowMs - job.heartbeatMs <= STALE_AFTER_MS;
}

/**
 * A job as the API shows it: counts, the rate so far and the time left at that rate. A job
 * whose replica died is shown stopped at its last write, with the reason and how to resume.
 */
export function jobView(job: StoredJob, nowMs: number): ImportJob {
  const dead = job.finishedAtMs === null && !isLive(job, nowMs);
  const finishedAtMs = dead ? job.heartbeatMs : job.finishedAtMs;
  const state = dead ? 'stopped' : job.state;
  const done = job.imported + job.duplicates + job.failed;
  const elapsedMs = (finishedAtMs ?? nowMs) - job.startedAtMs;
  const perMin = done > 0 && elapsedMs > 0 ? (done * 60_000) / elapsedMs : null;
  const left = job.total - done;
  return {
    id: job.id,
    station_id: job.stationId,
    folder: job.folder,
    state,
    reason: dead ? STALE_REASON : job.reason,
    total: job.total,
    imported: job.imported,
    duplicates: job.duplicates,
    failed: job.failed,
    failures: job.failures.map((f) => ({ ...f })),
    started_at: new Date(job.startedAtMs).toISOString(),
    finished_at: finishedAtMs === null ? null : new Date(finishedAtMs).toISOString(),
    rate_per_min: perMin === null ? null : Math.round(perMin * 10) / 10,
    eta_s:
      finishedAtMs === null && perMin !== null && state === 'importing'
        ? Math.round((left * 60) / perMin)
        : null,
  };
}
