import type { Rng } from './rng.js';
import { playableMs, type Track } from './track.js';
import { runToEnd, type Steps } from './steps.js';

/**
 * `indices` ordered by `ms[i]`, ties by index. Whole-millisecond durations are packed with
 * their index into one number and sorted natively: a comparator sort of a 50k-track pool held
 * the event loop for tens of milliseconds, the typed sort takes a few. Same order either way.
 */
export function byDurationThenIndex(ms: Float64Array, indices: readonly number[]): number[] {
  const radix = 2 ** Math.ceil(Math.log2(ms.length + 1));
  const packable = indices.every((i) => {
    const d = ms[i] ?? 0;
    return Number.isInteger(d) && d >= 0 && d * radix + radix <= Number.MAX_SAFE_INTEGER;
  });
  if (!packable) return [...indices].sort((a, b) => (ms[a] ?? 0) - (ms[b] ?? 0) || a - b);
  const keys = Float64Array.from(indices, (i) => (ms[i] ?? 0) * radix + i);
  keys.sort();
  return Array.from(keys, (k) => k % radix);
}

type Entry = { track: Track; weight: number };
const CHUNK = 4_096;

function* sortedEntries(
  entries: readonly Entry[],
): Steps<{ ms: Float64Array; order: readonly number[] }> {
  const ms = new Float64Array(entries.length);
  const keep: number[] = [];
  for (let from = 0; from < entries.length; from += CHUNK) {
    const to = Math.min(entries.length, from + CHUNK);
    for (let i = from; i < to; i++) {
      const e = entries[i] as Entry;
      ms[i] = playableMs(e.track);
      if (e.weight > 0 && (ms[i] ?? 0) > 0) keep.push(i);
    }
    yield;
  }
  const order = byDurationThenIndex(ms, keep);
  yield;
  return { ms, order };
}

/** A DurationIndex built in steps (core/steps.ts): a 50k-track pool is tens of milliseconds. */
export function* durationIndexSteps(entries: readonly Entry[]): Steps<DurationIndex> {
  const sorted = yield* sortedEntries(entries);
  return new DurationIndex(entries, sorted);
}

/** Half-open index range [from, to) into the duration-sorted pool. */
export interface IndexRange {
  from: number;
  to: number;
}

/**
 * The eligible pool sorted by playable duration, with prefix sums of the static weights. Picking
 * "a track between 3:10 and 3:40, by weight" is then two binary searches and one more, which
 * keeps a 50k-track library fast enough to plan days ahead in a tick.
 */
export class DurationIndex {
  readonly tracks: readonly Track[];
  readonly durations: Float64Array;
  readonly weights: Float64Array;
  private readonly prefix: Float64Array;

  constructor(
    entries: readonly { track: Track; weight: number }[],
    /** Durations and sorted order when already computed (durationIndexSteps). */
    sorted?: { ms: Float64Array; order: readonly number[] },
  ) {
    // Sort an index array over typed arrays: a 50k pool sorts without allocating an object per
    // track. Ties keep input order, so the pool is identical for identical input.
    const { ms, order } = sorted ?? runToEnd(sortedEntries(entries));
    this.tracks = order.map((i) => (entries[i] as { track: Track }).track);
    this.durations = Float64Array.from(order, (i) => ms[i] ?? 0);
    this.weights = Float64Array.from(order, (i) => (entries[i] as { weight: number }).weight);
    this.prefix = new Float64Array(order.length + 1);
    for (let i = 0; i < order.length; i++) {
      this.prefix[i + 1] = (this.prefix[i] ?? 0) + (this.weights[i] ?? 0);
    }
  }

  get size(): number {
    return this.tracks.length;
  }

  /** Duration at the given quantile (0..1); used to keep room for one more track. */
  quantile(q: number): number {
    if (this.size === 0) return 0;
    return this.durations[Math.min(this.size - 1, Math.floor(q * this.size))] ?? 0;
  }

  /** Indices whose duration lies in [loMs, hiMs]. */
  range(loMs: number, hiMs: number): IndexRange {
    if (hiMs < loMs) return { from: 0, to: 0 };
    return { from: this.lowerBound(loMs), to: this.upperBound(hiMs) };
  }

  weightOf(ranges: readonly IndexRange[]): number {
    let w = 0;
    for (const r of ranges) w += (this.prefix[r.to] ?? 0) - (this.prefix[r.from] ?? 0);
    return w;
  }

  /** Weighted draw over the union of ranges; undefined when they hold no weight. */
  sample(ranges: readonly IndexRange[], rng: Rng): number | undefined {
    let target = rng.next() * this.weightOf(ranges);
    for (const r of ranges) {
      const w = (this.prefix[r.to] ?? 0) - (this.prefix[r.from] ?? 0);
      if (target < w) return this.findInRange(r, (this.prefix[r.from] ?? 0) + target);
      target -= w;
    }
    return undefined;
  }

  private findInRange(r: IndexRange, cumulative: number): number {
    let lo = r.from;
    let hi = r.to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.prefix[mid + 1] ?? 0) > cumulative) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.durations[mid] ?? 0) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(ms: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.durations[mid] ?? 0) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
