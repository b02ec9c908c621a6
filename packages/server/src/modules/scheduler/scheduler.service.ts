import type { Clock } from '../../infra/clock.js';
import type { Leadership } from '../../infra/leadership.js';
import { formatInZone } from '../schedule/time-zone.js';
import { loadPlanInput, type ProgrammeRepos } from './programme-loader.js';
import type { StationPlan } from './plan-types.js';
import { planStation } from './planner.js';
import type { SchedulerLock } from './scheduler-lock.js';
import type { SchedulerMetrics } from './scheduler-metrics.js';

/** The slice of a pino logger the scheduler uses (Fastify's logger satisfies it too). */
export interface SchedulerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface StationRef {
  id: string;
  timezone: string;
}

interface Deps {
  repos: ProgrammeRepos;
  stations: {
    activeStations(): Promise<StationRef[]>;
    find(id: string): Promise<StationRef | undefined>;
  };
  clock: Clock;
  lock: SchedulerLock;
  leadership: Leadership;
  metrics: SchedulerMetrics;
  log: SchedulerLog;
  lookaheadMs: number;
  tickIntervalMs: number;
}

export interface RefreshResult {
  stationId: string;
  inserted: number;
  removed: number;
  items: number;
  horizon: string;
  plan: StationPlan;
}

function errorType(err: unknown): string {
  if (err instanceof RangeError) return 'invalid_programme';
  if (err instanceof Error && /database|SQLITE|connect|ECONN|relation/i.test(err.message))
    return 'database';
  return 'planning';
}

/**
 * The scheduler: read a station's programme, plan it (pure), write the diff (one transaction,
 * nothing when nothing changed). The loop runs on the leader only, one station at a time under
 * the station's lock, so a manual refresh and a tick never interleave.
 */
export function createSchedulerService(d: Deps) {
  async function build(station: StationRef): Promise<RefreshResult> {
    const end = d.metrics.buildSeconds.startTimer({ station_id: station.id });
    try {
      const nowMs = d.clock.now().getTime();
      const input = await loadPlanInput(d.repos, station, nowMs, d.lookaheadMs);
      const plan = planStation(input);
      if (plan.insert.length > 0 || plan.remove.length > 0) {
        await d.repos.schedule.transaction((tx) =>
          d.repos.schedule.applyDiff(station.id, plan.remove, plan.insert, tx),
        );
        d.metrics.items.inc({ change: 'insert' }, plan.insert.length);
        d.metrics.items.inc({ change: 'remove' }, plan.remove.length);
      }
      if (plan.gaps.length > 0)
        d.log.warn(
          { station_id: station.id, gaps: plan.gaps.length },
          'scheduler: plan has gaps (empty library?)',
        );
      return {
        stationId: station.id,
        inserted: plan.insert.length,
        removed: plan.remove.length,
        items: plan.items.length,
        horizon: formatInZone(station.timezone, plan.horizonMs),
        plan,
      };
    } finally {
      end();
    }
  }

  async function refresh(station: StationRef): Promise<RefreshResult> {
    return d.lock.waitFor(`scheduler:${station.id}`, () => build(station));
  }

  async function tick(): Promise<void> {
    if (!d.leadership.isLeader()) return;
    d.metrics.ticks.inc();
    for (const station of await d.stations.activeStations()) {
      try {
        await d.lock.withLock(`scheduler:${station.id}`, () => build(station));
      } catch (err) {
        d.metrics.errors.inc({ station_id: station.id, error_type: errorType(err) });
        d.log.error({ err, station_id: station.id }, 'scheduler: station build failed');
      }
    }
    d.metrics.entries.set(await d.repos.schedule.countEntries());
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
