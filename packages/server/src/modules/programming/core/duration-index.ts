import type { Rng } from './rng.js';
import { playableMs, type Track } from './track.js';
import type { Steps } from './steps.js';

/**
 * `indices` ordered by `ms[i]`, ties by index. Whole-millisecond durations are packed with
 * their index into one number and sorted natively: a comparator sort of a 50k-track pool held
 * the event loop for tens of milliseconds, the typed sort takes a few. Same order either way.
 */
export function byDurationThenIndex(ms: Float64Array, indices: readonly number[]): number[] {
  const radix = 2 ** Math.ceil(Math.log2(ms.length + 1));
  const keys = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    const d = ms[i] ?? 0;
    if (!Number.isInteger(d) || d < 0 || d * radix + radix > Number.MAX_SAFE_INTEGER)
      return [...indices].sort((a, b) => (ms[a] ?? 0) - (ms[b] ?? 0) || a - b);
    keys[k] = d * radix + i;
  }
  keys.sort();
  const out = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) out[k] = (keys[k] as number) % radix;
  return out;
}

const CHUNK = 4_096;

/**
 * A library's playable tracks by length, computed once per plan: every smart block's pool is
 * this order filtered (a pool sorted by length, ties by library position, is the same thing),
 * so the planner sorts the library once instead of once per block.
 */
export interface LengthOrder {
  /** Playable length by library index. */
  readonly ms: Float64Array;
  /** Library indices with a playable length, shortest first, ties by index. */
  readonly order: readonly number[];
}

/** The LengthOrder of a library in steps (core/steps.ts): a 50k library takes milliseconds. */
export function* lengthOrderSteps(library: readonly Track[]): Steps<LengthOrder> {
  const ms = new Float64Array(library.length);
  const playable: number[] = [];
  for (let from = 0; from < library.length; from += CHUNK) {
    const to = Math.min(library.length, from + CHUNK);
    for (let i = from; i < to; i++) {
      const d = playableMs(library[i] as Track);
      ms[i] = d;
      if (d > 0) playable.push(i);
    }
    yield;
  }
  const order = byDurationThenIndex(ms, playable);
  yield;
  return { ms, order };
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

  /** Tracks already in duration order (ties by library position), with their durations and weights. */
  constructor(tracks: readonly Track[], durations: Float64Array, weights: Float64Array) {
    this.tracks = tracks;
    this.durations = durations;
    this.weights = weights;
    this.prefix = new Float64Array(tracks.length + 1);
    for (let i = 0; i < tracks.length; i++) {
      this.prefix[i + 1] = (this.prefix[i] ?? 0) + (weights[i] ?? 0);
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
