import { runSliced } from '../../../infra/slices.js';
import type { StationPlan } from '../core/plan-types.js';
import type { PlanWorkers } from './plan-workers.js';
import { planStationSteps } from './planner.js';
import {
  loadPlanInputFor,
  recentItems,
  type PlanReads,
  type Programme,
} from './programme-loader.js';

/**
 * Reads what a station's plan needs besides its programme, and plans it. `worker: false` keeps
 * it on this thread (an operator's refresh: one station gains nothing from a second core, and
 * would wait for a cold worker to start).
 */
export type StationPlanner = (
  station: { id: string; timezone: string },
  nowMs: number,
  lookaheadMs: number,
  programme: Programme,
  options?: { worker: boolean },
) => Promise<StationPlan>;

/** On this thread, the plan in 10 ms slices (listener streams share the event loop). */
export function planOnThisThread(repos: PlanReads): StationPlanner {
  return async (station, nowMs, lookaheadMs, programme) => {
    const input = await loadPlanInputFor(repos, station, nowMs, lookaheadMs, programme);
    return runSliced(planStationSteps(input));
  };
}

/**
 * In a free plan worker (which reads the library itself), otherwise on this thread: with one
 * worker on two cores, this thread plans too instead of waiting for it. Same plans either way.
 */
export function planWithWorkers(repos: PlanReads, workers: PlanWorkers): StationPlanner {
  const here = planOnThisThread(repos);
  return (station, nowMs, lookaheadMs, programme, options) =>
    (options?.worker === false
      ? undefined
      : workers.tryPlan({ station, nowMs, lookaheadMs, programme }, () =>
          recentItems(repos, station.id, nowMs),
        )) ?? here(station, nowMs, lookaheadMs, programme);
}
