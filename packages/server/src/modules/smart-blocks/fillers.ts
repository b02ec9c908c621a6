import { playableMs, type Track } from './track.js';

export interface FillerPlan {
  tracks: Track[];
  remainingMs: number;
}

/**
 * Greedy closing of the last seconds of a block with short items (longest that still fits
 * first). Never overbooks beyond the tolerance and avoids playing one jingle twice in a row.
 */
export function planFillers(
  fillers: readonly Track[],
  remainingMs: number,
  toleranceMs: number,
  lastId?: string,
): FillerPlan {
  const tracks: Track[] = [];
  let remaining = remainingMs;
  let previous = lastId;
  for (let guard = 0; guard < 200 && remaining > toleranceMs; guard++) {
    const next = fillers.find((f) => f.id !== previous && playableMs(f) <= remaining + toleranceMs);
    if (next === undefined) break;
    tracks.push(next);
    remaining -= playableMs(next);
    previous = next.id;
  }
  return { tracks, remainingMs: remaining };
}
