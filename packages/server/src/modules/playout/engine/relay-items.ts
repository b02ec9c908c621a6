import { itemId } from './engine-items.js';
import type { EngineItemSpec, UpcomingItem } from '../ports.js';

// A slot shorter than this is not worth opening a remote stream for (connect + typefind take
// a few hundred ms); automation plays what comes next instead.
const MIN_RELAY_MS = 2000;

/** A scheduled webstream slot the director can hand to the engine (its relay is known). */
export function isRelaySlot(item: UpcomingItem): boolean {
  return item.kind === 'webstream' && (item.webstream?.urls.length ?? 0) > 0;
}

/**
 * A webstream slot as the engine plays it: its URLs in failover order, titled with the
 * webstream's name. A remote stream has no file duration, so its length is the slot's length
 * less what already passed when it is joined late (`offsetMs`); the engine's automation then
 * crossfades it out at its end like any item. Id `s:<scheduleItemId>:<webstreamId>`.
 */
export function relaySpec(item: UpcomingItem, offsetMs = 0): EngineItemSpec | undefined {
  const ws = item.webstream;
  if (item.kind !== 'webstream' || !ws || ws.urls.length === 0) return undefined;
  const lengthMs = item.endMs - item.startMs - Math.max(0, Math.round(offsetMs));
  if (lengthMs < MIN_RELAY_MS) return undefined;
  return {
    id: itemId('s', item.id, ws.id),
    path: '',
    urls: [...ws.urls],
    title: ws.name,
    cueInMs: 0,
    cueOutMs: lengthMs,
    fadeInMs: item.fadeInMs ?? 0,
    fadeOutMs: item.fadeOutMs ?? 0,
    loudnessLufs: null,
  };
}
