import type { Clock } from '../../../infra/clock.js';
import type { Leadership } from '../../../infra/leadership.js';
import { formatInZone } from '../core/time-zone.js';
import { fingerprint } from '../core/fingerprint.js';
import { loadProgramme, type Programme } from '../planner/programme-loader.js';
import type { PlanTx, ProgrammeSource } from '../planner/programme-source.js';
import type { StationPlanner } from '../planner/station-planner.js';
import { nextTurn } from '../../../infra/slices.js';
import { eachBounded } from './bounded.js';
import type { SchedulerLock } from './scheduler-lock.js';
import type { SchedulerMetrics } from './scheduler-metrics.js';

/** The slice of a pino logger the scheduler uses (Fastify's logger satisfies it too). */
export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface StationRef {
  id: string;
  timezone: string;
}

interface Deps {
  repos: ProgrammeSource;
  stations: {
    activeStations(): Promise<StationRef[]>;
    find(id: string): Promise<StationRef | undefined>;
  };
  clock: Clock;
  lock: SchedulerLock;
  leadership: Leadership;
  /** Refuses the plan's write when a newer leader has written (infra/fencing.ts). */
  fence: (tx: PlanTx) => Promise<void>;
  metrics: SchedulerMetrics;
  /**
   * Reads a station's library and plans it: in plan worker threads when one is free
   * (planWithWorkers), so a tick uses a second core, or on this thread in 10 ms slices.
   */
  plan: StationPlanner;
  log: SchedulerLog;
  lookaheadMs: number;
  tickIntervalMs: number;
  /**
   * Consoles redraw the calendar and "what will play" on this (the `schedule_update` event):
   * after every build that changed the plan, and after every operator refresh (a calendar-only
   * show changes no item, yet the calendar changed).
   */
  announce: (change: { stationId: string; startMs: number; endMs: number; reason: string }) => void;
}

export interface RefreshResult {
  stationId: string;
  inserted: number;
  removed: number;
  items: number;
  horizon: string;
  /** True when nothing changed since the last build and the horizon still covers the window. */
  skipped: boolean;
}

/**
 * Stations built side by side in a tick: while one waits on the database (PostgreSQL reads a
 * library in round trips), another plans, in a plan worker when one is free and otherwise here
 * in slices, so the event-loop bound holds; more lanes would only hold more libraries at once.
 */
const STATIONS_AT_ONCE = 3;

function errorType(err: unknown): string {
  if (err instanceof RangeError) return 'invalid_programme';
  if (err instanceof Error && /database|SQLITE|connect|ECONN|relation/i.test(err.message))
    return 'database';
  return 'planning';
}

/**
 * The scheduler: read a station's programme, plan it (pure), write the diff (one transaction,
 * nothing when nothing changed). The loop runs on the leader only, a few stations at a time, each
 * under the station's lock, so a manual refresh and a tick never interleave on one station.
 */
export function createSchedulerService(d: Deps) {
  // Per station: what the last build was made from. A tick whose programme, library and
  // horizon are unchanged skips loading the library (the costly part) and writes nothing.
  const lastBuild = new Map<string, { key: string; horizonMs: number; items: number }>();

  function programmeKey(station: StationRef, p: Programme): string {
    return fingerprint({
      tz: station.timezone,
      ...p,
      smartBlocks: [...p.smartBlocks],
      playlists: [...p.playlists],
    });
  }

  async function build(station: StationRef, force: boolean): Promise<RefreshResult> {
    const nowMs = d.clock.now().getTime();
    const programme = await loadProgramme(d.repos, station);
    const key = programmeKey(station, programme);
    const last = lastBuild.get(station.id);
    if (
      !force &&
      last !== undefined &&
      last.key === key &&
      last.horizonMs >= nowMs + d.lookaheadMs
    ) {
      const horizon = formatInZone(station.timezone, last.horizonMs);
      return {
        stationId: station.id,
        inserted: 0,
        removed: 0,
        items: last.items,
        horizon,
        skipped: true,
      };
    }
    const end = d.metrics.buildSeconds.startTimer({ station_id: station.id });
    try {
      // Off this event loop or in slices on it: a big station's plan takes hundreds of
      // milliseconds of CPU, and listener streams, the director and live ingest share the loop.
      // An operator's refresh plans here: it waits for the answer, and a worker only pays off
      // over a tick's many stations.
      const plan = await d.plan(station, nowMs, d.lookaheadMs, programme, { worker: !force });
      if (plan.insert.length > 0 || plan.remove.length > 0) {
        await d.repos.schedule.transaction(async (tx) => {
          await d.fence(tx);
          await d.repos.schedule.applyDiff(station.id, plan.remove, plan.insert, tx);
        });
        d.metrics.items.inc({ change: 'insert' }, plan.insert.length);
        d.metrics.items.inc({ change: 'remove' }, plan.remove.length);
      }
      if (plan.gaps.length > 0)
        d.log.warn(
          { station_id: station.id, gaps: plan.gaps.length },
          'scheduler: plan has gaps (empty library?)',
        );
      lastBuild.set(station.id, { key, horizonMs: plan.horizonMs, items: plan.items.length });
      if (force || plan.insert.length > 0 || plan.remove.length > 0)
        d.announce({
          stationId: station.id,
          startMs: nowMs,
          endMs: plan.horizonMs,
          reason: force ? 'refresh' : 'plan_changed',
        });
      return {
        stationId: station.id,
        inserted: plan.insert.length,
        removed: plan.remove.length,
        items: plan.items.length,
        horizon: formatInZone(station.timezone, plan.horizonMs),
        skipped: false,
      };
    } finally {
      end();
    }
  }

  /** Operator-requested rebuild: always plans (an unchanged programme still writes nothing). */
  async function refresh(station: StationRef): Promise<RefreshResult> {
    return d.lock.waitFor(`scheduler:${station.id}`, () => build(station, true));
  }

  async function tick(): Promise<void> {
    if (!d.leadership.isLeader()) return;
    d.metrics.ticks.inc();
    const started = Date.now();
    // One info line per tick with counts: the guide's `logs grimnir | grep scheduler` shows it.
    const counts = { stations: 0, built: 0, inserted: 0, removed: 0, failed: 0 };
    await eachBounded(await d.stations.activeStations(), STATIONS_AT_ONCE, async (station) => {
      // One station per turn of the event loop: on SQLite every query answers synchronously, so
      // without this a tick of 20 unchanged stations held the loop for ~90 ms in one piece.
      await nextTurn();
      counts.stations += 1;
      try {
        const r = await d.lock.withLock(`scheduler:${station.id}`, () => build(station, false));
        if (r !== undefined && !r.skipped) counts.built += 1;
        counts.inserted += r?.inserted ?? 0;
        counts.removed += r?.removed ?? 0;
      } catch (err) {
        counts.failed += 1;
        d.metrics.errors.inc({ station_id: station.id, error_type: errorType(err) });
        d.log.error({ err, station_id: station.id }, 'scheduler: station build failed');
      }
    });
    const entries = await d.repos.schedule.countEntries();
    d.metrics.entries.set(entries);
    d.log.info({ ...counts, entries, ms: Date.now() - started }, 'scheduler tick');
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      running = tick()
        .catch((err: unknown) => {
          d.metrics.errors.inc({ station_id: '', error_type: errorType(err) });
          d.log.error({ err }, 'scheduler: tick failed');
        })
        .finally(() => {
          running = undefined;
          if (!stopped) schedule(d.tickIntervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    refresh,
    tick,
    /** First tick right away, then every tick interval (measured from the end of the last). */
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
export type SchedulerService = ReturnType<typeof createSchedulerService>;
