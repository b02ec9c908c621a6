import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { DbConfig } from '../../../db/database.js';
import type { PlannedItem, StationPlan } from '../core/plan-types.js';
import type { FromPlanWorker, PlanJob, ToPlanWorker } from './plan-messages.js';

/** More workers would hold more libraries in memory than a tick has stations in flight. */
const MAX_WORKERS = 2;
/** A plan takes well under a second; one that runs for minutes is a bug, not a big station. */
const JOB_TIMEOUT_MS = 120_000;
/** After a crash, stations plan on the scheduler's thread for a while instead of in a new worker. */
const RESPAWN_AFTER_MS = 60_000;
/** How long a closing worker may take to close its connection before it is terminated. */
const CLOSE_GRACE_MS = 2_000;
/**
 * A worker idle this long is stopped: its isolate and the last library it read hold tens of MB,
 * and after the first pass most ticks find nothing to plan (issue 15: the control plane's memory
 * goes back to its idle size). The next plan starts one again (~0.5 s).
 */
const IDLE_STOP_MS = 60_000;

/** One core stays with the event loop (programme reads, writes, listener streams). */
export function planWorkerCount(cores = availableParallelism()): number {
  return Math.min(MAX_WORKERS, Math.max(1, cores - 1));
}

interface Job {
  stationId: string;
  resolve(plan: StationPlan): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}
interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Set while the worker has no job: stops it after IDLE_STOP_MS. */
  idle?: NodeJS.Timeout | undefined;
}

export interface PlanWorkers {
  /**
   * Plans a station in a free worker, which reads the library itself; `undefined` when every
   * worker is busy (the caller plans on its own thread). `recent` is read once a worker is taken.
   */
  tryPlan(
    job: Omit<PlanJob, 'recent'>,
    recent: () => Promise<readonly PlannedItem[]>,
  ): Promise<StationPlan> | undefined;
  /** Workers started and not stopped (an idle one stops after IDLE_STOP_MS). */
  running(): number;
  /** Fails the plans in flight and stops every worker. */
  close(): Promise<void>;
}

function startWorker(db: DbConfig): Worker {
  const here = import.meta.url;
  // The control plane runs with 4 MB semi-spaces (--max-semi-space-size=4, for its listener
  // streams); a plan allocates fast and briefly, as measured with V8's default 16 MB (48 MB of
  // young generation), which a worker keeps.
  const options = {
    name: 'plan',
    workerData: { db },
    resourceLimits: { maxYoungGenerationSizeMb: 48 },
  };
  if (here.endsWith('.js')) return new Worker(new URL('./plan-worker.js', here), options);
  // From TypeScript sources (tests, benches, tsx): the worker registers tsx, then loads its entry.
  const entry = JSON.stringify(new URL('./plan-worker.ts', here).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Worker threads that read a station's library and plan it (planner/plan-worker.ts), so a tick
 * uses a second core. Started on first use, unreferenced while idle; a worker that crashes, exits
 * or times out fails the plans it holds (each a failed station build, logged by the scheduler).
 */
export function createPlanWorkers(o: {
  size: number;
  db: DbConfig;
  log: { warn(obj: object, msg: string): void };
  /** Tests shorten IDLE_STOP_MS. */
  idleStopMs?: number;
}): PlanWorkers {
  const slots: Slot[] = [];
  let nextJob = 1;
  let closed = false;
  let spawnAfter = 0;
  /** Idle workers on their way out (close() waits for them too). */
  const stopping = new Set<Promise<void>>();
  // An in-memory SQLite database cannot be opened a second time.
  const size = o.db.backend === 'sqlite' && o.db.dsn === ':memory:' ? 0 : o.size;

  function fail(slot: Slot, err: Error): void {
    clearTimeout(slot.idle);
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    for (const job of slot.jobs.values()) {
      clearTimeout(job.timer);
      job.reject(err);
    }
    slot.jobs.clear();
  }

  function settle(slot: Slot, m: FromPlanWorker): void {
    const job = slot.jobs.get(m.job);
    if (job === undefined) return;
    slot.jobs.delete(m.job);
    clearTimeout(job.timer);
    if (slot.jobs.size === 0) {
      slot.worker.unref();
      slot.idle = setTimeout(() => retire(slot), o.idleStopMs ?? IDLE_STOP_MS).unref();
    }
    if ('error' in m) job.reject(m.error);
    else job.resolve(m.plan);
  }

  function spawn(): Slot {
    const slot: Slot = { worker: startWorker(o.db), jobs: new Map() };
    slot.worker.on('message', (m: FromPlanWorker) => settle(slot, m));
    slot.worker.on('error', (err) => {
      const stations = [...slot.jobs.values()].map((j) => j.stationId);
      o.log.warn({ err, stations }, 'plan worker crashed; its stations fail this build');
      spawnAfter = performance.now() + RESPAWN_AFTER_MS;
      fail(slot, err);
    });
    slot.worker.on('exit', (code) => fail(slot, new Error(`plan worker exited (code ${code})`)));
    slots.push(slot);
    return slot;
  }

  function free(): Slot | undefined {
    const idle = slots.find((s) => s.jobs.size === 0);
    if (idle !== undefined) {
      clearTimeout(idle.idle);
      idle.idle = undefined;
      return idle;
    }
    if (closed || slots.length >= size) return undefined;
    return performance.now() >= spawnAfter ? spawn() : undefined;
  }

  /** An idle worker leaves the pool and closes its connection. */
  function retire(slot: Slot): void {
    const at = slots.indexOf(slot);
    if (at < 0 || slot.jobs.size > 0) return;
    slots.splice(at, 1);
    const stopped: Promise<void> = stop(slot).finally(() => stopping.delete(stopped));
    stopping.add(stopped);
  }

  function timeOut(slot: Slot, stationId: string): void {
    o.log.warn({ station_id: stationId, ms: JOB_TIMEOUT_MS }, 'plan worker timed out; stopping it');
    // As after a crash: a worker stuck on one station would be stuck on it again at once.
    spawnAfter = performance.now() + RESPAWN_AFTER_MS;
    fail(slot, new Error(`plan of station ${stationId} timed out after ${JOB_TIMEOUT_MS} ms`));
    void slot.worker.terminate();
  }

  function tryPlan(
    job: Omit<PlanJob, 'recent'>,
    recent: () => Promise<readonly PlannedItem[]>,
  ): Promise<StationPlan> | undefined {
    const slot = free();
    if (slot === undefined) return undefined;
    const id = nextJob++;
    // Taken now (before `recent` is read), so a second station does not pick the same worker.
    const done = new Promise<StationPlan>((resolve, reject) => {
      const timer = setTimeout(() => timeOut(slot, job.station.id), JOB_TIMEOUT_MS);
      timer.unref();
      slot.jobs.set(id, { stationId: job.station.id, resolve, reject, timer });
    });
    // Awaited below; marked handled now, since a crash may fail it while `recent` is read.
    done.catch(() => undefined);
    slot.worker.ref();
    return recent().then(
      (items) => {
        const message: ToPlanWorker = { type: 'plan', job: id, ...job, recent: items };
        // A job that cannot be cloned (a value structured clone refuses) fails at once and
        // frees the worker, rather than holding it until the job's timeout.
        try {
          if (slot.jobs.has(id)) slot.worker.postMessage(message);
        } catch (err) {
          settle(slot, { job: id, error: asError(err) });
        }
        return done;
      },
      (err: unknown) => {
        settle(slot, { job: id, error: asError(err) });
        return done;
      },
    );
  }

  async function stop(slot: Slot): Promise<void> {
    const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
    slot.worker.postMessage({ type: 'close' } satisfies ToPlanWorker);
    const grace = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  return {
    tryPlan,
    running: () => slots.length,
    async close() {
      closed = true;
      const all = slots.splice(0);
      for (const slot of all) fail(slot, new Error('plan workers are stopped'));
      await Promise.all([...all.map(stop), ...stopping]);
    },
  };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
