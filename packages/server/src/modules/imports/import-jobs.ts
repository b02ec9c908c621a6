import { randomUUID } from 'node:crypto';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import {
  MediaUploadFieldsSchema,
  type CreateImportRequest,
  type ImportJob,
} from '@grimnir/contracts';
import { AppError, conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { EventBus } from '../../infra/event-bus.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { StationAccess } from '../stations/index.js';
import { importOrder, isImportable } from './audio-files.js';
import { importFiles, type ImportMedia } from './import-run.js';
import { addOutcome, emptyTally, processed, type Tally } from './import-tally.js';
import { jobView, type JobRecord } from './job-view.js';
import { walkFiles } from './walk.js';

/** Finished jobs kept per station for the console to show (the newest). */
const KEPT_PER_STATION = 20;

interface Deps {
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
 * Import jobs run by this replica: one folder at a time per station, file after file through
 * the same steps as an upload (and as `grimnirradio import`), so files already in the library
 * are skipped by content and a job started again after a restart resumes where it stopped.
 * Jobs live in this process's memory; what they imported is in the library either way.
 */
export function createImportJobs(d: Deps) {
  const jobs = new Map<string, JobRecord & { abort: AbortController }>();
  const announced = new Map<string, number>();

  async function folderPath(relFolder: string): Promise<string> {
    const root = await realpath(d.root).catch(() => {
      throw notFound(`import root ${d.root} (GRIMNIR_IMPORT_ROOT)`);
    });
    const wanted = join(root, relFolder);
    // A link inside the root may point anywhere: the resolved folder must still be inside it.
    const real = await realpath(wanted).catch(() => undefined);
    if (real === undefined || !(await stat(real)).isDirectory())
      throw new AppError(404, 'folder_not_found', `no folder "${relFolder}" under the import root`);
    if (real !== root && !real.startsWith(root + sep))
      throw new AppError(
        400,
        'folder_outside_root',
        `"${relFolder}" leads outside the import root`,
      );
    return real;
  }

  function keepRecent(stationId: string): void {
    const finished = [...jobs.values()]
      .filter((j) => j.stationId === stationId && j.finishedAtMs !== null)
      .sort((a, b) => b.startedAtMs - a.startedAtMs);
    for (const old of finished.slice(KEPT_PER_STATION)) jobs.delete(old.id);
  }

  /** Progress for consoles: at most one event a second while files go by, every state change. */
  function announce(job: JobRecord, force: boolean): void {
    const now = d.clock.now().getTime();
    if (!force && now - (announced.get(job.id) ?? 0) < 1000) return;
    announced.set(job.id, now);
    d.events.publish({
      type: 'import',
      payload: {
        station_id: job.stationId,
        at: new Date(now).toISOString(),
        import_id: job.id,
        state: job.state,
        total: job.tally.total,
        imported: job.tally.imported,
        duplicates: job.tally.duplicates,
        failed: job.tally.failures.length,
      },
    });
  }

  async function run(job: JobRecord & { abort: AbortController }, ctx: RequestCtx, dir: string) {
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
      const result = await importFiles({
        media: d.media,
        ctx,
        fields: MediaUploadFieldsSchema.parse({ station_id: job.stationId }),
        root: dir,
        files,
        signal: job.abort.signal,
        onOutcome: (path, outcome) => update(addOutcome(job.tally, path, outcome)),
      });
      job.state =
        result.ending === 'complete'
          ? 'complete'
          : result.ending === 'interrupted'
            ? 'cancelled'
            : 'stopped';
      if (result.ending === 'stopped') job.reason = result.reason;
    } catch (err) {
      job.state = 'stopped';
      job.reason = (err as Error).message;
      d.log.error({ err, import_id: job.id }, 'import job failed');
    } finally {
      job.finishedAtMs = d.clock.now().getTime();
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
      keepRecent(job.stationId);
    }
  }

  function find(id: string) {
    const job = jobs.get(id);
    if (job === undefined) throw notFound('import job');
    return job;
  }

  return {
    /** Folders directly under the import root, for the console to offer. */
    async folders(ctx: RequestCtx, stationId: string): Promise<string[]> {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      const entries = await readdir(d.root, { withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    },

    async start(ctx: RequestCtx, input: CreateImportRequest): Promise<ImportJob> {
      await d.access.requireStation(ctx.principal, input.station_id, 'dj');
      const dir = await folderPath(input.folder);
      const running = [...jobs.values()].find(
        (j) => j.stationId === input.station_id && j.finishedAtMs === null,
      );
      if (running !== undefined)
        throw conflict(
          'import_running',
          `an import of "${running.folder}" is running on this station`,
        );
      // Role and disk before walking a large tree: a refusal here is about the whole job.
      await d.media.checkUpload(ctx, input.station_id);
      const job = {
        id: randomUUID(),
        stationId: input.station_id,
        folder: input.folder,
        state: 'scanning' as const,
        reason: null,
        tally: emptyTally(0),
        startedAtMs: d.clock.now().getTime(),
        finishedAtMs: null,
        abort: new AbortController(),
      };
      jobs.set(job.id, job);
      announce(job, true);
      void run(job, { ...ctx, requestId: `import-${job.id}` }, dir);
      return jobView(job, d.clock.now().getTime());
    },

    async get(ctx: RequestCtx, id: string): Promise<ImportJob> {
      const job = find(id);
      await d.access.requireStation(ctx.principal, job.stationId, 'viewer');
      return jobView(job, d.clock.now().getTime());
    },

    async list(ctx: RequestCtx, stationId: string): Promise<ImportJob[]> {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      const now = d.clock.now().getTime();
      return [...jobs.values()]
        .filter((j) => j.stationId === stationId)
        .sort((a, b) => b.startedAtMs - a.startedAtMs)
        .map((j) => jobView(j, now));
    },

    /** Stops after the file being copied (its partial copy removed); imported files stay. */
    async cancel(ctx: RequestCtx, id: string): Promise<void> {
      const job = find(id);
      await d.access.requireStation(ctx.principal, job.stationId, 'dj');
      job.abort.abort();
    },

    /** Server shutdown: running jobs stop between files (run again to resume). */
    stopAll(): void {
      for (const job of jobs.values()) job.abort.abort();
    },
  };
}
export type ImportJobs = ReturnType<typeof createImportJobs>;
