import type { UpcomingItem } from '../playout/index.js';
import { TIER } from '../playout/index.js';

/**
 * The ladder tier a DJ who connects at `nowMs` claims: 2 (live scheduled) when a materialised
 * schedule item of kind `live` covers that moment, else 1 (live override, a DJ breaking in).
 * Pure; `items` are the station's schedule items around `nowMs`.
 */
export function liveTierAt(
  items: readonly Pick<UpcomingItem, 'kind' | 'startMs' | 'endMs'>[],
  nowMs: number,
): 1 | 2 {
  const scheduled = items.some((i) => i.kind === 'live' && i.startMs <= nowMs && nowMs < i.endMs);
  return scheduled ? TIER.liveScheduled : TIER.liveOverride;
}
