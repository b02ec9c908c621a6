import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AnalyzeResponse, WaveformResponse } from '@grimnir/contracts';
import type { Clock } from '../../infra/clock.js';
import { isDiskFull, type DiskGuard } from '../../infra/disk-space.js';
import { absoluteMediaPath, relativeSidePath } from '../media/index.js';
import { WAVEFORM_SUFFIX } from '../media/index.js';
import type { AnalysisJob, AnalysisRepository } from './analysis.repository.js';
import { toWaveform, waveformPoints } from './waveform.js';
import { analysisErrorText } from './analysis-error.js';

interface AnalysisEngine {
  analyze(path: string): Promise<AnalyzeResponse>;
  waveform(path: string, points: number): Promise<WaveformResponse>;
}

interface AnalysisQueueOptions {
  /** Consoles hear of each finished analysis (succeeded or failed): the `media` event. */
  analysed: (stationId: string, mediaId: string) => void;
  repo: AnalysisRepository;
  engine: AnalysisEngine;
  mediaRoot: string;
  clock: Clock;
  /** Analysis writes peaks beside the audio: it waits while the media disk is short of space. */
  disk: Pick<DiskGuard, 'enough'>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Only the leader analyses, so replicas do not race for the engine's CPU. */
  isLeader: () => boolean;
  /** Parallel analyses; each one decodes a whole file, so keep this small. */
  concurrency?: number;
  idleMs?: number;
}

// gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4): the engine is down or busy, the file is not
// at fault. The item goes back to pending instead of being marked failed.
const TRANSIENT_CODES = new Set([4, 14]);
const isTransient = (err: unknown) => TRANSIENT_CODES.has((err as { code?: number }).code ?? -1);

/**
 * Bounded, resumable analysis queue: upload leaves `pending`; a worker claims it (`running`),
 * asks the engine for loudness, cue points and peaks, stores them (`complete`) or the reason
 * (`failed`). Crash-safe because the queue is the media table itself.
 */
export function createAnalysisQueue(o: AnalysisQueueOptions) {
  const idleMs = o.idleMs ?? 2000;
  let running = false;
  const sleepers = new Set<() => void>();
  const workers: Promise<void>[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  async function writePeaks(job: AnalysisJob, w: WaveformResponse, durationMs: number) {
    const file = absoluteMediaPath(
      o.mediaRoot,
      relativeSidePath(job.stationId, job.id, WAVEFORM_SUFFIX),
    );
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(
        tmp,
        JSON.stringify(toWaveform(job.id, w.peaks, w.duration_ms || durationMs)),
      );
      await rename(tmp, file);
    } catch (err) {
      // A half-written temporary file is never useful, and on a full disk it is the problem.
      await rm(tmp, { force: true });
      throw err;
    }
  }

  // Said once per change, not once per poll, while the disk stays full.
  let diskShort = false;
  async function diskReady(): Promise<boolean> {
    const ok = await o.disk.enough();
    if (ok !== !diskShort) {
      diskShort = !ok;
      if (ok) o.log.info('analysis resumed: the media disk has room again');
      else o.log.warn('analysis paused: the media disk is short of free space');
    }
    return ok;
  }

  async function runJob(job: AnalysisJob): Promise<'done' | 'retry'> {
    const path = absoluteMediaPath(o.mediaRoot, job.storagePath);
    try {
      const a = await o.engine.analyze(path);
      const w = await o.engine.waveform(path, waveformPoints(a.duration_ms));
      await writePeaks(job, w, a.duration_ms);
      await o.repo.complete(
        job.id,
        {
          durationMs: Math.round(a.duration_ms),
          loudnessLufs: a.integrated_lufs,
          loudnessRangeLu: a.loudness_range_lu,
          truePeakDbtp: a.true_peak_dbtp,
          replaygainDb: a.replaygain_track_gain_db,
          cueInMs: Math.round(a.cue_in_ms),
          cueOutMs: Math.round(a.cue_out_ms),
          introMs: Math.round(a.intro_end_ms),
          outroMs: Math.round(a.outro_start_ms),
        },
        o.clock.now().toISOString(),
      );
      o.log.info({ media_id: job.id, lufs: a.integrated_lufs }, 'analysis complete');
      o.analysed(job.stationId, job.id);
      return 'done';
    } catch (err) {
      // A disk that filled up meanwhile is not the file's fault either: try again later.
      if (isDiskFull(err)) {
        await o.repo.release(job.id);
        o.log.warn({ media_id: job.id, err }, 'analysis postponed: the media disk is full');
        return 'retry';
      }
      if (isTransient(err)) {
        await o.repo.release(job.id);
        o.log.warn({ media_id: job.id, err }, 'analysis postponed: media engine unavailable');
        return 'retry';
      }
      const text = analysisErrorText((err as Error).message, path);
      await o.repo.fail(job.id, text, o.clock.now().toISOString());
      o.log.error({ media_id: job.id, err }, 'analysis failed');
      o.analysed(job.stationId, job.id);
      return 'done';
    }
  }

  let claimFailing = false;
  async function worker(): Promise<void> {
    while (running) {
      if (!o.isLeader()) {
        await sleep(idleMs);
        continue;
      }
      // A root statfs cannot read is left to the write itself (ENOSPC is handled there).
      if (!(await diskReady().catch(() => true))) {
        await sleep(Math.max(idleMs, 5000));
        continue;
      }
      const job = await o.repo.claimNext(o.clock.now().toISOString()).then(
        (j) => {
          if (claimFailing) o.log.info('analysis queue: claiming works again');
          claimFailing = false;
          return j;
        },
        (err: unknown) => {
          // Once per outage, not once per idle poll while the database is away.
          if (!claimFailing) o.log.error({ err }, 'analysis queue: claiming failed');
          claimFailing = true;
          return undefined;
        },
      );
      if (!job) {
        await sleep(idleMs);
        continue;
      }
      // Back off when the engine is down so a dead engine is not hammered.
      if ((await runJob(job)) === 'retry') await sleep(Math.max(idleMs, 5000));
    }
  }

  return {
    async start(): Promise<void> {
      if (running) return;
      running = true;
      const requeued = await o.repo.requeueRunning();
      if (requeued > 0) o.log.info({ requeued }, 'analysis queue: resumed interrupted items');
      for (let i = 0; i < (o.concurrency ?? 1); i++) workers.push(worker());
    },
    /** Wakes an idle worker (after an upload) instead of waiting for the next poll. */
    kick(): void {
      sleepers.values().next().value?.();
    },
    async stop(): Promise<void> {
      running = false;
      for (const wakeUp of [...sleepers]) wakeUp();
      await Promise.all(workers.splice(0));
    },
  };
}
