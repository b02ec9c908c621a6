import type { ImportJobState } from '@grimnir/contracts';
import type { Db } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { ImportJobsTable } from '../../db/types.js';
import type { Failure } from './import-tally.js';
import type { StoredJob } from './job-view.js';

/** Failures kept with a job (the API lists them); `failed` counts all of them. */
const KEPT_FAILURES = 100;

function fromRow(r: Selectable<ImportJobsTable>): StoredJob {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: r.id,
    stationId: r.station_id,
    folder: r.folder,
    state: r.state as ImportJobState,
    reason: r.reason,
    total: r.total,
    imported: r.imported,
    duplicates: r.duplicates,
    failed: r.failed,
    failures: JSON.parse(r.failures) as Failure[],
    startedAtMs: Number(r.started_ms),
    finishedAtMs: num(r.finished_ms),
    heartbeatMs: Number(r.heartbeat_ms),
    cancelRequested: r.cancel_requested_ms !== null,
  };
}

/** What the replica running a job writes as it goes (and once when it ends). */
export interface JobProgress {
  state: ImportJobState;
  reason: string | null;
  total: number;
  imported: number;
  duplicates: number;
  failures: readonly Failure[];
  finishedAtMs: number | null;
  heartbeatMs: number;
}

/** Import jobs, shared by every replica (the runner keeps only its abort handles). */
export function createImportJobsRepository(db: Db) {
  return {
    /**
     * Inserts a running job. Throws a unique violation (see isUniqueViolation) when the station
     * already has one running: one job per station across replicas.
     */
    async insert(job: {
      id: string;
      stationId: string;
      folder: string;
      state: ImportJobState;
      startedAtMs: number;
    }): Promise<void> {
      await db
        .insertInto('import_jobs')
        .values({
          id: job.id,
          station_id: job.stationId,
          folder: job.folder,
          state: job.state,
          started_ms: job.startedAtMs,
          heartbeat_ms: job.startedAtMs,
        })
        .execute();
    },

    /** Writes progress; returns whether someone asked the job to stop meanwhile. */
    async save(id: string, p: JobProgress): Promise<{ cancelRequested: boolean }> {
      const row = await db
        .updateTable('import_jobs')
        .set({
          state: p.state,
          reason: p.reason,
          total: p.total,
          imported: p.imported,
          duplicates: p.duplicates,
          failed: p.failures.length,
          failures: JSON.stringify(p.failures.slice(0, KEPT_FAILURES)),
          finished_ms: p.finishedAtMs,
          heartbeat_ms: p.heartbeatMs,
        })
        .where('id', '=', id)
        .returning('cancel_requested_ms')
        .executeTakeFirst();
      return { cancelRequested: row !== undefined && row.cancel_requested_ms !== null };
    },

    async get(id: string): Promise<StoredJob | undefined> {
      const r = await db
        .selectFrom('import_jobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && fromRow(r);
    },

    /** The station's jobs, newest first: the running one and the last `keep`. */
    async list(stationId: string, keep: number): Promise<StoredJob[]> {
      const rows = await db
        .selectFrom('import_jobs')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('started_ms', 'desc')
        .limit(keep + 1)
        .execute();
      return rows.map(fromRow);
    },

    /** The station's unfinished job, if any (at most one: the partial unique index). */
    async unfinished(stationId: string): Promise<StoredJob | undefined> {
      const r = await db
        .selectFrom('import_jobs')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('finished_ms', 'is', null)
        .executeTakeFirst();
      return r && fromRow(r);
    },

    async requestCancel(id: string, atMs: number): Promise<void> {
      await db
        .updateTable('import_jobs')
        .set({ cancel_requested_ms: atMs })
        .where('id', '=', id)
        .where('finished_ms', 'is', null)
        .execute();
    },

    /**
     * Jobs of the station still marked running whose replica stopped writing before
     * `staleBeforeMs` (it died): closed as stopped with `reason`, so a new one may start.
     */
    async closeStale(
      stationId: string,
      staleBeforeMs: number,
      reason: string,
      atMs: number,
    ): Promise<void> {
      await db
        .updateTable('import_jobs')
        .set({ state: 'stopped', reason, finished_ms: atMs })
        .where('station_id', '=', stationId)
        .where('finished_ms', 'is', null)
        .where('heartbeat_ms', '<', staleBeforeMs)
        .execute();
    },

    /** Drops the station's finished jobs beyond the newest `keep`. */
    async prune(stationId: string, keep: number): Promise<void> {
      const old = await db
        .selectFrom('import_jobs')
        .select('id')
        .where('station_id', '=', stationId)
        .where('finished_ms', 'is not', null)
        .orderBy('started_ms', 'desc')
        .offset(keep)
        .limit(1000)
        .execute();
      if (old.length === 0) return;
      await db
        .deleteFrom('import_jobs')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .execute();
    },
  };
}
export type ImportJobsRepository = ReturnType<typeof createImportJobsRepository>;
