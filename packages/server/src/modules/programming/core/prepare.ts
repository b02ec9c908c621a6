import type { SmartBlockRules } from '@grimnir/contracts';
import { DurationIndex, lengthOrderSteps, type LengthOrder } from './duration-index.js';
import { compileFilter, compileSelection, describeFilter, type TrackPredicate } from './filters.js';
import { indexById, playableMs, type Track } from './track.js';
import { runToEnd, type Steps } from './steps.js';

interface CompiledWeight {
  matches: TrackPredicate;
  weight: number;
}

/**
 * Everything about a smart block that does not depend on the moment being programmed: the
 * filtered pool indexed by duration, the filler pool, the include filters for reasons. The planner
 * prepares each block once per tick and runs it for every slot it appears in.
 */
export interface PreparedBlock {
  rules: SmartBlockRules;
  pool: DurationIndex;
  fillers: readonly Track[];
  /** id → track for history records that carry no track; built on first use when not given. */
  byId: () => ReadonlyMap<string, Track>;
  /** The static weight of a pool track (the product of the matching weight rules). */
  weightOf: (track: Track) => number;
  includeLabels: readonly { label: string; matches: TrackPredicate }[];
  nowMs: number;
}

/**
 * `nowMs` anchors relative filters (newer_than, older_than); the planner passes its tick time and
 * the library's length order, computed once for all the blocks it prepares.
 */
export function prepareSmartBlock(
  library: readonly Track[],
  rules: SmartBlockRules,
  nowMs: number,
  byId?: ReadonlyMap<string, Track>,
  lengths?: LengthOrder,
): PreparedBlock {
  return runToEnd(prepareSmartBlockSteps(library, rules, nowMs, byId, lengths));
}

/** Tracks filtered between yields: a few milliseconds of a 50k-track library. */
const FILTER_CHUNK = 4_096;

/** prepareSmartBlock in steps (core/steps.ts): filtering and indexing a big library take a while. */
export function* prepareSmartBlockSteps(
  library: readonly Track[],
  rules: SmartBlockRules,
  nowMs: number,
  byId?: ReadonlyMap<string, Track>,
  lengths?: LengthOrder,
): Steps<PreparedBlock> {
  const { ms, order } = lengths ?? (yield* lengthOrderSteps(library));
  const selected = compileSelection(rules.include, rules.include_mode, rules.exclude, nowMs);
  const weights: CompiledWeight[] = rules.weights.map((w) => ({
    matches: compileFilter(w.filter, nowMs),
    weight: w.weight,
  }));
  const weightOf = (track: Track): number => {
    let weight = 1;
    for (const w of weights) if (w.matches(track)) weight *= w.weight;
    return weight;
  };
  const isFiller =
    rules.fillers.length === 0
      ? undefined
      : compileSelection(rules.fillers, 'any', rules.exclude, nowMs);
  const fillers: Track[] = [];
  // One pass in library order (memory order, fast) for the pool and the fillers; the pool is
  // then collected in length order, so it comes out sorted by length, ties by library position.
  const weightAt = new Float64Array(library.length);
  for (let from = 0; from < library.length; from += FILTER_CHUNK) {
    const to = Math.min(library.length, from + FILTER_CHUNK);
    for (let i = from; i < to; i++) {
      const track = library[i] as Track;
      if (selected(track)) weightAt[i] = weightOf(track);
      if (isFiller !== undefined && (ms[i] ?? 0) > 0 && isFiller(track)) fillers.push(track);
    }
    yield;
  }
  // Longest first so that closing a block takes as few jingles as possible.
  fillers.sort((a, b) => playableMs(b) - playableMs(a) || (a.id < b.id ? -1 : 1));
  const tracks: Track[] = [];
  const durations: number[] = [];
  const poolWeights: number[] = [];
  for (const i of order) {
    const weight = weightAt[i] ?? 0;
    if (!(weight > 0)) continue;
    tracks.push(library[i] as Track);
    durations.push(ms[i] ?? 0);
    poolWeights.push(weight);
  }
  const pool = new DurationIndex(
    tracks,
    Float64Array.from(durations),
    Float64Array.from(poolWeights),
  );
  yield;
  return {
    rules,
    pool,
    fillers,
    byId: lazyIndex(library, byId),
    weightOf,
    includeLabels: rules.include.map((f) => ({
      label: describeFilter(f),
      matches: compileFilter(f, nowMs),
    })),
    nowMs,
  };
}

function lazyIndex(library: readonly Track[], given?: ReadonlyMap<string, Track>) {
  let index = given;
  return (): ReadonlyMap<string, Track> => (index ??= indexById(library));
}
