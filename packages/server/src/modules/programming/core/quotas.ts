import type { SmartBlockQuota } from '@grimnir/contracts';
import { compileFilter, describeFilter, type TrackPredicate } from './filters.js';
import type { Track } from './track.js';

interface CompiledQuota {
  label: string;
  matches: TrackPredicate;
  min: number | undefined;
  max: number | undefined;
  windowMs: number | undefined;
}

/** A placed or historical play with its resolved track (quotas need every field). */
export interface TimedTrack {
  track: Track;
  startedAt: number;
}

export interface QuotaState {
  /** Quotas whose max would be exceeded by one more matching track. */
  full: CompiledQuota[];
  /** Quotas whose min can only still be met if this pick matches. */
  urgent: CompiledQuota[];
}

/**
 * Quotas count in real time. A windowed max looks back `window_minutes` from the pick into
 * history and the plan; a min is checked per window-long bucket of the block (a quota of
 * "2 per 60 min" on a 15-minute block asks for its proportional share, rounded up).
 */
export class QuotaBook {
  private readonly quotas: CompiledQuota[];

  constructor(
    quotas: readonly SmartBlockQuota[],
    nowMs: number,
    private readonly block: { startMs: number; endMs: number },
  ) {
    this.quotas = quotas.map((q) => ({
      label: describeFilter(q.filter),
      matches: compileFilter(q.filter, nowMs),
      min: q.min,
      max: q.max,
      windowMs: q.window_minutes === undefined ? undefined : q.window_minutes * 60_000,
    }));
  }

  get size(): number {
    return this.quotas.length;
  }

  state(atMs: number, past: readonly TimedTrack[], placed: readonly TimedTrack[], avgMs: number) {
    const result: QuotaState = { full: [], urgent: [] };
    for (const q of this.quotas) {
      if (q.max !== undefined && this.countForMax(q, atMs, past, placed) + 1 > q.max) {
        result.full.push(q);
      }
      if (q.min !== undefined && this.isUrgent(q, q.min, atMs, placed, avgMs))
        result.urgent.push(q);
    }
    return result;
  }

  private countForMax(
    q: CompiledQuota,
    at: number,
    past: readonly TimedTrack[],
    placed: readonly TimedTrack[],
  ) {
    if (q.windowMs === undefined) return placed.filter((p) => q.matches(p.track)).length;
    const from = at - q.windowMs;
    let n = 0;
    for (const list of [past, placed]) {
      for (const p of list) if (p.startedAt > from && p.startedAt <= at && q.matches(p.track)) n++;
    }
    return n;
  }

  private isUrgent(
    q: CompiledQuota,
    min: number,
    at: number,
    placed: readonly TimedTrack[],
    avgMs: number,
  ) {
    const { startMs, endMs } = this.block;
    const width = q.windowMs ?? endMs - startMs;
    const bucketStart = startMs + Math.floor((at - startMs) / width) * width;
    const bucketEnd = Math.min(endMs, bucketStart + width);
    const share =
      q.windowMs === undefined ? min : Math.ceil((min * (bucketEnd - bucketStart)) / width);
    const have = placed.filter(
      (p) => p.startedAt >= bucketStart && p.startedAt < bucketEnd && q.matches(p.track),
    ).length;
    const need = share - have;
    if (need <= 0) return false;
    const slotsLeft = Math.max(1, Math.floor((bucketEnd - at) / Math.max(1, avgMs)));
    return need >= slotsLeft;
  }
}

export function violatesQuotas(
  track: Track,
  state: QuotaState,
  relax: { min: boolean; max: boolean },
) {
  if (!relax.max && state.full.some((q) => q.matches(track))) return true;
  if (!relax.min && state.urgent.some((q) => !q.matches(track))) return true;
  return false;
}

export function quotaLabels(state: QuotaState): string[] {
  return state.urgent.map((q) => q.label);
}
