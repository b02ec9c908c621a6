import type { SmartBlockRules } from '@grimnir/contracts';
import { DurationIndex } from './duration-index.js';
import { compileFilter, compileSelection, describeFilter, type TrackPredicate } from './filters.js';
import { playableMs, type Track } from './track.js';

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
  weightById: ReadonlyMap<string, number>;
  includeLabels: readonly { label: string; matches: TrackPredicate }[];
  nowMs: number;
}

/** `nowMs` anchors relative filters (newer_than, older_than); the planner passes its tick time. */
export function prepareSmartBlock(
  library: readonly Track[],
  rules: SmartBlockRules,
  nowMs: number,
  byId?: ReadonlyMap<string, Track>,
): PreparedBlock {
  const selected = compileSelection(rules.include, rules.include_mode, rules.exclude, nowMs);
  const weights: CompiledWeight[] = rules.weights.map((w) => ({
    matches: compileFilter(w.filter, nowMs),
    weight: w.weight,
  }));
  const entries: { track: Track; weight: number }[] = [];
  for (const track of library) {
    if (!selected(track)) continue;
    let weight = 1;
    for (const w of weights) if (w.matches(track)) weight *= w.weight;
    entries.push({ track, weight });
  }
  return {
    rules,
    pool: new DurationIndex(entries),
    fillers: fillerPool(library, rules, nowMs),
    byId: lazyIndex(library, byId),
    weightById: new Map(entries.map((e) => [e.track.id, e.weight])),
    includeLabels: rules.include.map((f) => ({
      label: describeFilter(f),
      matches: compileFilter(f, nowMs),
    })),
    nowMs,
  };
}

// Longest first so that closing a block takes as few jingles as possible.
function fillerPool(library: readonly Track[], rules: SmartBlockRules, nowMs: number): Track[] {
  if (rules.fillers.length === 0) return [];
  const isFiller = compileSelection(rules.fillers, 'any', rules.exclude, nowMs);
  return library
    .filter((t) => isFiller(t) && playableMs(t) > 0)
    .sort((a, b) => playableMs(b) - playableMs(a) || (a.id < b.id ? -1 : 1));
}

function lazyIndex(library: readonly Track[], given?: ReadonlyMap<string, Track>) {
  let index = given;
  return (): ReadonlyMap<string, Track> => (index ??= new Map(library.map((t) => [t.id, t])));
}
