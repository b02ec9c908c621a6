import { playableMs, type Track } from './track.js';

interface FillerPlan {
  tracks: Track[];
  remainingMs: number;
}

/**
 * Greedy closing of the last seconds of a block with short items (longest that still fits
 * first). Never overbooks beyond the tolerance, prefers jingles not yet heard in the block and
 * never plays one twice in a row.
 */
export function planFillers(
  fillers: readonly Track[],
  remainingMs: number,
  toleranceMs: number,
  lastId: string | undefined,
  usedIds: ReadonlySet<string>,
): FillerPlan {
  const tracks: Track[] = [];
  const used = new Set(usedIds);
  let remaining = remainingMs;
  let previous = lastId;
  for (let guard = 0; guard < 200 && remaining > toleranceMs; guard++) {
    const fits = (f: Track) => f.id !== previous && playableMs(f) <= remaining + toleranceMs;
    const next = fillers.find((f) => fits(f) && !used.has(f.id)) ?? fillers.find(fits);
    if (next === undefined) break;
    tracks.push(next);
    used.add(next.id);
    remaining -= playableMs(next);
    previous = next.id;
  }
  return { tracks, remainingMs: remaining };
}
