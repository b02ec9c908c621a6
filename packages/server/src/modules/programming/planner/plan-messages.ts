import type { StationPlan, PlannedItem } from '../core/plan-types.js';
import type { Programme } from './programme-loader.js';

/** What a plan worker needs besides the library, which it reads itself. */
export interface PlanJob {
  station: { id: string; timezone: string };
  nowMs: number;
  lookaheadMs: number;
  programme: Programme;
  recent: readonly PlannedItem[];
}

export type ToPlanWorker = ({ type: 'plan'; job: number } & PlanJob) | { type: 'close' };

/** Errors cross as structured clones: name (RangeError stays a RangeError), message, stack. */
export type FromPlanWorker = { job: number; plan: StationPlan } | { job: number; error: Error };
