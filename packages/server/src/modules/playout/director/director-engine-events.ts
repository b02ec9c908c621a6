import { parseItemId } from '../engine/engine-items.js';
import type { EngineEventView } from '../ports.js';
import type { DirectorCore } from './director-core.js';
import { recordDecoderFailure, sameStart } from './engine-truth.js';
import { forgetFailedItem, recordTrackEnded, recordTrackStarted } from './track-events.js';

// What the engine tells a station's director, and the dead-air guard that acts on it.

function trackDeps(c: DirectorCore) {
  return {
    stationId: c.id,
    store: c.d.store,
    events: c.d.events,
    done: c.loader.done,
    upNext: () => c.view.loaded.map((id) => c.loader.specOf(id)),
  };
}

export async function onTrackStarted(
  c: DirectorCore,
  ev: Extract<EngineEventView, { type: 'track_started' }>,
): Promise<void> {
  const automation = parseItemId(ev.itemId)?.kind !== 'e';
  // Audio started, whatever history makes of it: the dead-air guard stands down.
  c.deadAir.onTrackStarted();
  // Already written from a status read (the event came after it), or the same play resumed
  // where it was after an engine restart: not a second start in history, but on air.
  if (automation && sameStart(c.s.recorded, ev.itemId, ev.atMs)) {
    await c.offAir.set(null, c.now());
    return;
  }
  try {
    await recordTrackStarted(c, trackDeps(c), ev);
  } catch (err) {
    // Not in history (database down): the next round's status read records it.
    c.s.lastSyncMs = Number.NEGATIVE_INFINITY;
    throw err;
  }
  // After an emergency or live item, automation resuming the same item is a new play (the
  // switch closed the old one), however soon: only automation starts are compared.
  c.s.recorded = automation ? { itemId: ev.itemId, atMs: ev.atMs } : undefined;
  await c.offAir.set(null, c.now());
}

export async function onEngineEvent(c: DirectorCore, ev: EngineEventView): Promise<void> {
  switch (ev.type) {
    case 'track_started':
      await onTrackStarted(c, ev);
      return;
    case 'track_ended':
      await recordTrackEnded(c, trackDeps(c), ev);
      return;
    case 'decoder_failed':
      await recordDecoderFailure({ stationId: c.id, store: c.d.store, log: c.d.log }, ev);
      await forgetFailedItem(c, trackDeps(c), ev.itemId);
      // Its media may be fenced now: what is queued is decided again.
      c.loader.invalidate();
      return;
    case 'silence':
      c.deadAir.onSilence(ev.durationMs, c.now());
      return;
    case 'levels':
      c.deadAir.onLevels(ev.rmsDb);
      return;
    case 'stream_lost':
      // Don't wait for the periodic status poll, nor for the next round: the round starts now,
      // and its status call waits for the engine to listen again, then reconfigures it.
      c.s.lastSyncMs = Number.NEGATIVE_INFINITY;
      c.onRoundWanted();
      return;
  }
}

export async function guardDeadAir(c: DirectorCore, now: number): Promise<void> {
  const onAir = c.view.onAir;
  const noSource = c.deadAir.sourceMissing;
  const action = c.deadAir.check(now, {
    shouldPlay: c.s.enabled,
    liveOnAir: onAir?.tier === 1 || onAir?.tier === 2,
    hasNextItem: c.view.loaded.length > 0,
  });
  if (action.kind === 'none') return;
  if (noSource) {
    c.s.lastSyncMs = Number.NEGATIVE_INFINITY;
    await c.d.engine.play(c.id);
  } else {
    // With nothing queued the engine's skip lands on the station fallback.
    await c.d.engine.skip(c.id);
  }
  const mounts = c.s.settings?.outputs.map((o) => o.mount) ?? [];
  for (const m of mounts.length > 0 ? mounts : ['']) c.d.metrics.dropout(c.id, m);
  c.d.log.warn({ station_id: c.id, ...action }, 'dead air: moving on');
  c.d.events.publish({
    type: 'dead_air',
    payload: {
      station_id: c.id,
      at: c.iso(now),
      mount: mounts.length === 1 ? (mounts[0] ?? null) : null,
      silent_seconds: action.deadMs / 1000,
      action: action.kind,
    },
  });
}
