import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  MediaUploadFieldsSchema,
  type CreateImportRequest,
  type ImportFoldersResponse,
  type ImportJob,
  type ImportJobState,
} from '@grimnir/contracts';
import { conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { EventBus } from '../../infra/event-bus.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { StationAccess } from '../stations/index.js';
import { importOrder, isImportable } from './audio-files.js';
import { folderUnder, foldersUnder } from './import-root.js';
import { importFiles, type ImportMedia } from './import-run.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import type { ImportJobsRepository, JobProgress } from './import-jobs.repository.js';
import { addOutcome, emptyTally, processed, type Tally } from './import-tally.js';
import { HEARTBEAT_MS, jobView, STALE_AFTER_MS, STALE_REASON } from './job-view.js';
import { walkFiles } from './walk.js';

/** Finished jobs kept per station for the console to show (the newest). */
const KEPT_PER_STATION = 20;
/** A server that stops waits this long for its jobs to stop between files and say so. */
const STOP_WAIT_MS = 5_000;
const SHUTDOWN_REASON =
  'the server stopped; start the import again to resume (files already imported are skipped)';

/** A job this replica runs: the live tally and the handle that stops it. */
interface Running {
  readonly id: string;
  readonly stationId: string;
  readonly folder: string;
  state: ImportJobState;
  reason: string | null;
  tally: Tally;
  readonly startedAtMs: number;
  readonly abort: AbortController;
  /** Stopped by a server shutdown, not by an operator's cancel. */
  shutdown: boolean;
  done?: Promise<void>;
}

interface Deps {
  /** Jobs in the database: every replica shows and cancels them. */
  repo: ImportJobsRepository;
  /** The runtime's event bus: `import` events for consoles on every replica. */
  events: Pick<EventBus, 'publish'>;
  media: ImportMedia & { sweepStaleUploads(): Promise<unknown> };
  access: StationAccess;
  clock: Clock;
  log: FastifyBaseLogger;
  /** GRIMNIR_IMPORT_ROOT: nothing outside it is read. */
  root: string;
  audioExtensions: readonly string[];
}

/**
 * Import jobs: one folder at a time per station (across replicas), file after file through the
 * same steps as an upload (and as `grimnirradio import`), so files already in the library are
 * skipped by content and a job started again after a restart resumes where it stopped. The
 * replica that runs a job writes its progress to the database every HEARTBEAT_MS (and on each
 * state change), so every replica lists it and can cancel it; one that stopped writing died.
 */
export function createImportJobs(d: Deps) {
  const running = new Map<string, Running>();
  const announced = new Map<string, number>();
  const unsaved = new Set<string>();

  const now = () => d.clock.now().getTime();

  /** Progress for consoles: at most one event a second while files go by, every state change. */
  function announce(job: Running, force: boolean): void {
    const at = now();
    if (!force && at - (announced.get(job.id) ?? 0) < 1000) return;
    announced.set(job.id, at);
    d.events.publish({
      type: 'import',
      payload: {
        station_id: job.stationId,
        at: new Date(at).toISOString(),
        import_id: job.id,
        state: job.state,
        total: job.tally.total,
        imported: job.tally.imported,
        duplicates: job.tally.duplicates,
        failed: job.tally.failures.length,
      },
    });
  }

  const progress = (job: Running, finishedAtMs: number | null): JobProgress => ({
    state: job.state,
    reason: job.reason,
    total: job.tally.total,
    imported: job.tally.imported,
    duplicates: job.tally.duplicates,
    failures: job.tally.failures,
    finishedAtMs,
    heartbeatMs: now(),
  });

  /**
   * Writes the job's progress; a cancel asked on another replica stops it here. A write the
   * database refused is said once per outage of this job, and the next write tries again.
   */
  async function persist(job: Running, finishedAtMs: number | null = null): Promise<void> {
    try {
      const { cancelRequested } = await d.repo.save(job.id, progress(job, finishedAtMs));
      if (cancelRequested) job.abort.abort();
      if (unsaved.delete(job.id))
        d.log.info({ import_id: job.id }, 'import job progress saved again');
    } catch (err) {
      if (unsaved.has(job.id)) return;
      unsaved.add(job.id);
      d.log.warn({ err, import_id: job.id }, 'import job progress not saved; retrying');
    }
  }

  async function run(job: Running, ctx: RequestCtx, dir: string) {
    let writing = false;
    const heartbeat = setInterval(() => {
      if (writing) return;
      writing = true;
      void persist(job).finally(() => (writing = false));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const update = (tally: Tally) => {
      job.tally = tally;
      announce(job, false);
    };
    try {
      await d.media.sweepStaleUploads();
      const unreadable: { path: string; reason: string }[] = [];
      const all = await walkFiles(dir, (path, e) =>
        unreadable.push({ path, reason: `cannot read this folder: ${(e as Error).message}` }),
      );
      const files = importOrder(all.filter((f) => isImportable(f, d.audioExtensions)));
      update(
        unreadable.reduce(
          (t, f) => addOutcome(t, f.path, { kind: 'failed', reason: f.reason }),
          emptyTally(files.length + unreadable.length),
        ),
      );
      job.state = 'importing';
      announce(job, true);
      await persist(job);
      const result = await importFiles({
        media: d.media,
        ctx,
        fields: MediaUploadFieldsSchema.parse({ station_id: job.stationId }),
        root: dir,
        files,
        signal: job.abort.signal,
        onOutcome: (path, outcome) => update(addOutcome(job.tally, path, outcome)),
      });
      if (result.ending === 'complete') job.state = 'complete';
      else if (result.ending === 'stopped') {
        job.state = 'stopped';
        job.reason = result.reason;
      } else if (job.shutdown) {
        job.state = 'stopped';
        job.reason = SHUTDOWN_REASON;
      } else job.state = 'cancelled';
    } catch (err) {
      job.state = 'stopped';
      job.reason = (err as Error).message;
      d.log.error({ err, import_id: job.id }, 'import job failed');
    } finally {
      clearInterval(heartbeat);
      await persist(job, now());
      running.delete(job.id);
      unsaved.delete(job.id);
      announce(job, true);
      announced.delete(job.id);
      d.log.info(
        {
          import_id: job.id,
          station_id: job.stationId,
          state: job.state,
          processed: processed(job.tally),
          failed: job.tally.failures.length,
        },
        'import job ended',
      );
      await d.repo.prune(job.stationId, KEPT_PER_STATION).catch(() => undefined);
    }
  }

  async function find(id: string) {
    const job = await d.repo.get(id);
    if (job === undefined) throw notFound('import job');
    return job;
  }

  /** Starts the job's row, or says which import already runs on the station (any replica). */
  async function claim(job: Running): Promise<void> {
    const at = now();
    await d.repo.closeStale(job.stationId, at - STALE_AFTER_MS, STALE_REASON, at);
    try {
      await d.repo.insert(job);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const other = await d.repo.unfinished(job.stationId);
      throw conflict(
        'import_running',
        `an import of "${other?.folder ?? 'another folder'}" is running on this station`,
      );
    }
  }

  return {
    /** Folders directly under the import root, for the console to offer. */
    async folders(ctx: RequestCtx, stationId: string): Promise<ImportFoldersResponse> {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      return {
        folders: await foldersUnder(d.root),
        root: ctx.principal.role === 'admin' ? d.root : null,
      };
    },

    async start(ctx: RequestCtx, input: CreateImportRequest): Promise<ImportJob> {
      await d.access.requireStation(ctx.principal, input.station_id, 'dj');
      const dir = await folderUnder(d.root, input.folder);
      // Role and disk before walking a large tree: a refusal here is about the whole job.
      await d.media.checkUpload(ctx, input.station_id);
      const job: Running = {
        id: randomUUID(),
        stationId: input.station_id,
        folder: input.folder,
        state: 'scanning',
        reason: null,
        tally: emptyTally(0),
        startedAtMs: now(),
        abort: new AbortController(),
        shutdown: false,
      };
      await claim(job);
      running.set(job.id, job);
      announce(job, true);
      job.done = run(job, { ...ctx, requestId: `import-${job.id}` }, dir);
      return jobView(
        {
          ...progress(job, null),
          id: job.id,
          stationId: job.stationId,
          folder: job.folder,
          failed: 0,
          startedAtMs: job.startedAtMs,
          cancelRequested: false,
        },
        now(),
      );
    },

    async get(ctx: RequestCtx, id: string): Promise<ImportJob> {
      const job = await find(id);
      await d.access.requireStation(ctx.principal, job.stationId, 'viewer');
      return jobView(job, now());
    },

    async list(ctx: RequestCtx, stationId: string): Promise<ImportJob[]> {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      const at = now();
      return (await d.repo.list(stationId, KEPT_PER_STATION)).map((j) => jobView(j, at));
    },

    /**
     * Stops after the file being copied (its partial copy removed); imported files stay. A job
     * another replica runs stops at its next write (within HEARTBEAT_MS).
     */
    async cancel(ctx: RequestCtx, id: string): Promise<void> {
      const job = await find(id);
      await d.access.requireStation(ctx.principal, job.stationId, 'dj');
      const here = running.get(id);
      if (here) here.abort.abort();
      else await d.repo.requestCancel(id, now());
    },

    /** Server shutdown: running jobs stop between files and are written as stopped. */
    async stopAll(): Promise<void> {
      const jobs = [...running.values()];
      for (const job of jobs) {
        job.shutdown = true;
        job.abort.abort();
      }
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((r) => (timer = setTimeout(r, STOP_WAIT_MS)));
      await Promise.race([Promise.all(jobs.map((j) => j.done ?? Promise.resolve())), waited]);
      clearTimeout(timer);
    },
  };
}
export type ImportJobs = ReturnType<typeof createImportJobs>;
