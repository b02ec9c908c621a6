// Per-item gain that brings an item to the station's loudness target.
interface GainInput {
  gainDb?: number | null | undefined;
  loudnessLufs?: number | null | undefined;
}

// Boost is capped so a near-silent or mis-measured file is not raised into noise; cuts are
// allowed deeper because a too-loud item is always safe to turn down.
const MAX_BOOST_DB = 20;
const MAX_CUT_DB = -30;

export function itemGainDb(item: GainInput, targetLufs: number): number {
  if (item.gainDb !== undefined && item.gainDb !== null && Number.isFinite(item.gainDb)) {
    return item.gainDb;
  }
  if (item.loudnessLufs === undefined || item.loudnessLufs === null) return 0;
  if (!Number.isFinite(item.loudnessLufs)) return 0;
  const raw = targetLufs - item.loudnessLufs;
  return Math.min(MAX_BOOST_DB, Math.max(MAX_CUT_DB, raw));
}
