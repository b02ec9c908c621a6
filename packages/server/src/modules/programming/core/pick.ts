import type { Relaxation } from '@grimnir/contracts';
import type { DurationIndex, IndexRange } from './duration-index.js';
import { energyFactor } from './energy.js';
import { violatesQuotas, type QuotaState } from './quotas.js';
import type { Rng } from './rng.js';
import type { SeparationKind, SeparationTracker } from './separation.js';
import type { Track } from './track.js';

export interface PickContext {
  pool: DurationIndex;
  rng: Rng;
  separation: SeparationTracker;
  quotaState: QuotaState;
  usedIds: ReadonlySet<string>;
  /** The item just placed: never repeated back to back, whatever is relaxed. */
  lastId: string | undefined;
  atMs: number;
  remainingMs: number;
  toleranceMs: number;
  energyTarget: number | undefined;
  relaxed: ReadonlySet<Relaxation>;
}

export interface Pick {
  track: Track;
  fit: 'open' | 'finish' | 'tight';
}

const SAMPLE_TRIES = 48;
const SEPARATION_RELAXATION: Record<SeparationKind, Relaxation> = {
  artist: 'artist_separation',
  title: 'title_separation',
  album: 'album_separation',
};

const SEPARATION_KINDS: readonly SeparationKind[] = ['artist', 'title', 'album'];

/** Hard constraints under the current relaxation level (energy is only a preference). */
function eligible(ctx: PickContext, track: Track): boolean {
  const { relaxed } = ctx;
  if (track.id === ctx.lastId) return false;
  if (ctx.usedIds.has(track.id) && !relaxed.has('title_separation')) return false;
  for (const kind of SEPARATION_KINDS) {
    if (!relaxed.has(SEPARATION_RELAXATION[kind]) && ctx.separation.blocks(kind, track, ctx.atMs))
      return false;
  }
  return !violatesQuotas(track, ctx.quotaState, {
    min: relaxed.has('quota_min'),
    max: relaxed.has('quota_max'),
  });
}

type Predicate = (index: number) => boolean;

const FOLLOW_UP_CHECKS = 24;

/**
 * Whether `leftMs` can still be closed by music: nothing left (within tolerance), or enough
 * room for two of the shortest tracks, or some eligible track of about that length.
 */
function completable(ctx: PickContext, leftMs: number, except: number): boolean {
  const { pool, toleranceMs: tol } = ctx;
  if (Math.abs(leftMs) <= tol) return true;
  if (leftMs >= 2 * (pool.durations[0] ?? 0)) return true;
  const r = pool.range(leftMs - tol, leftMs + tol);
  for (let i = r.from; i < Math.min(r.to, r.from + FOLLOW_UP_CHECKS); i++) {
    if (i !== except && eligible(ctx, pool.tracks[i] as Track)) return true;
  }
  return false;
}

/**
 * Duration bands in order of preference: tracks after which the block can still be closed with
 * music ("open", or "finish" when the track itself ends the block within tolerance), then
 * tracks that leave a hole only a filler can close ("tight"). Nothing longer than remaining +
 * tolerance is ever considered, so a block never overruns by more than its tolerance.
 */
function bands(ctx: PickContext): { fit: Pick['fit']; ranges: IndexRange[]; ok?: Predicate }[] {
  const { pool, remainingMs: r, toleranceMs: tol } = ctx;
  const ok: Predicate = (i) => completable(ctx, r - (pool.durations[i] ?? 0), i);
  return [
    { fit: 'open', ranges: [pool.range(0, r + tol)], ok },
    { fit: 'tight', ranges: [pool.range(0, r - tol - 1)] },
  ];
}

export function pickTrack(ctx: PickContext): Pick | undefined {
  for (const band of bands(ctx)) {
    const index = sampleBand(ctx, band.ranges, band.ok) ?? scanBand(ctx, band.ranges, band.ok);
    if (index === undefined) continue;
    const track = ctx.pool.tracks[index] as Track;
    const left = ctx.remainingMs - (ctx.pool.durations[index] ?? 0);
    const fit = band.fit === 'open' && Math.abs(left) <= ctx.toleranceMs ? 'finish' : band.fit;
    return { track, fit };
  }
  return undefined;
}

// Rejection sampling: cheap when most of the pool is eligible (the usual case).
function sampleBand(ctx: PickContext, ranges: IndexRange[], ok?: Predicate): number | undefined {
  if (ctx.pool.weightOf(ranges) <= 0) return undefined;
  for (let i = 0; i < SAMPLE_TRIES; i++) {
    const index = ctx.pool.sample(ranges, ctx.rng);
    if (index === undefined) return undefined;
    const track = ctx.pool.tracks[index] as Track;
    if (!eligible(ctx, track) || (ok !== undefined && !ok(index))) continue;
    if (ctx.rng.next() < energyFactor(track, ctx.energyTarget)) return index;
  }
  return undefined;
}

// Exhaustive fallback so that "no candidate" is a fact, not bad luck, before anything is relaxed.
function scanBand(ctx: PickContext, ranges: IndexRange[], ok?: Predicate): number | undefined {
  const candidates: number[] = [];
  const weights: number[] = [];
  let total = 0;
  for (const r of ranges) {
    for (let i = r.from; i < r.to; i++) {
      const track = ctx.pool.tracks[i] as Track;
      if (!eligible(ctx, track) || (ok !== undefined && !ok(i))) continue;
      const w = (ctx.pool.weights[i] ?? 0) * energyFactor(track, ctx.energyTarget);
      candidates.push(i);
      weights.push(w);
      total += w;
    }
  }
  let target = ctx.rng.next() * total;
  for (let k = 0; k < candidates.length; k++) {
    target -= weights[k] ?? 0;
    if (target < 0) return candidates[k];
  }
  return candidates[candidates.length - 1];
}
