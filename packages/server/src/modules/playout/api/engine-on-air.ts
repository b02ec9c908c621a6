import { mediaTitle, parseItemId } from '../engine/engine-items.js';
import type { MediaForPlayout } from '../playout.repository.js';
import type { EngineControl, ItemKind } from '../ports.js';
import { TIER, type Tier } from '../priority/priority-resolver.js';

/** What is on air as the engine itself reports it. */
export interface EngineOnAir {
  tier: Tier;
  itemId: string;
  mediaId: string;
  title: string;
  startedAtMs: number;
  endsAtMs: number | null;
}

const TIER_OF: Record<ItemKind, Tier> = {
  e: TIER.emergency,
  s: TIER.automation,
  q: TIER.automation,
  f: TIER.fallback,
};

/**
 * Asks the engine what it plays, for the times nothing else can say: while no replica leads (the
 * lease store is down) the director is stopped and the stored now-playing stands still, but the
 * engine plays on through its loaded items. `undefined`: the engine cannot tell (unreachable,
 * the station unknown to it, a live source without an item) and the stored view stands; `null`:
 * it plays nothing.
 */
export async function engineOnAir(
  d: {
    engine: Pick<EngineControl, 'status'>;
    media: (id: string) => Promise<MediaForPlayout | undefined>;
    nowMs: number;
  },
  stationId: string,
): Promise<EngineOnAir | null | undefined> {
  const status = await d.engine.status(stationId).catch(() => undefined);
  // Live and emergency play on layers above automation, whose deck `current` names.
  if (
    status === undefined ||
    status.state === 'absent' ||
    status.state === 'live' ||
    status.state === 'emergency'
  )
    return undefined;
  if (status.state === 'stopped' || status.currentItemId === null) return null;
  const ref = parseItemId(status.currentItemId);
  if (ref === undefined) return undefined;
  const media = await d.media(ref.mediaId);
  // The deck counts from where it started (the cue-in), so the play's length is cue to cue.
  const startedAtMs = d.nowMs - status.positionMs;
  const endMs = media ? (media.cue_out_ms ?? media.duration_ms) : null;
  const lengthMs = endMs === null || endMs === undefined ? null : endMs - (media?.cue_in_ms ?? 0);
  return {
    tier: TIER_OF[ref.kind],
    itemId: status.currentItemId,
    mediaId: ref.mediaId,
    title: media ? mediaTitle(media) : '',
    startedAtMs,
    endsAtMs: lengthMs === null ? null : startedAtMs + lengthMs,
  };
}
