import { parseItemId } from '../engine/engine-items.js';
import { engineSettings, holderFromStatus } from '../engine/engine-sync.js';
import type { EngineStatusView } from '../ports.js';
import { RESYNC_AFTER_RESTART_MS, SILENT_OFF_AIR_MS, type DirectorCore } from './director-core.js';
import { onEngineEvent, onTrackStarted } from './director-engine-events.js';
import { unrecordedStart } from './engine-truth.js';

// A station director's link to the engine: settings sent, event stream attached, the view
// rebuilt from the engine's status, and whether the station is reachable and on air.

/**
 * Events are subscribed once the engine knows the station, and again after the engine lost
 * it (a restart): a stream opened for an unknown station is not relied upon to recover.
 */
function subscribe(c: DirectorCore): void {
  c.s.subscription?.close();
  c.s.subscription = c.d.engine.subscribe(c.id, (ev) => {
    c.exclusive(() => onEngineEvent(c, ev)).catch((err: unknown) =>
      c.d.log.error({ err, station_id: c.id }, 'engine event handling failed'),
    );
  });
}

/** Sends the station settings when the engine lacks them or they changed. */
async function configure(c: DirectorCore, force: boolean): Promise<void> {
  const cfg = await c.d.config();
  if (!cfg) return;
  c.s.settings = cfg;
  const settings = await engineSettings(c.id, cfg, c.d.store, c.d.mediaRoot);
  const fingerprint = JSON.stringify(settings);
  if (!force && fingerprint === c.s.sentSettings) return;
  await c.d.engine.configure(c.id, settings);
  c.s.sentSettings = fingerprint;
}

/**
 * Rebuilds the view from the engine: after a restart of either process nothing is assumed.
 * False when the engine does not answer (the station is then off air).
 */
export async function sync(c: DirectorCore, now: number): Promise<boolean> {
  c.s.lastSyncMs = now;
  let status: EngineStatusView;
  try {
    status = await c.d.engine.status(c.id);
  } catch (err) {
    await engineUnreachable(c, err);
    return false;
  }
  engineReachable(c);
  const lost = status.state === 'absent';
  await configure(c, lost);
  if (lost) {
    await c.d.store.endOpenPlays(c.id, c.iso(now));
    status = await c.d.engine.status(c.id);
  }
  if (lost || c.s.subscription === undefined) subscribe(c);
  c.view.loaded = status.queuedItemIds.filter((id) => parseItemId(id) !== undefined);
  const cur = status.currentItemId;
  const ref = cur === null ? undefined : parseItemId(cur);
  if (ref && cur !== null && c.view.current?.id !== cur)
    c.view.current = { id: cur, ref, startedAtMs: now - status.positionMs };
  const sources = await c.d.store.activeSources(c.id);
  c.view.onAir = holderFromStatus(status.state, sources, c.view);
  if (status.state === 'stopped' || status.state === 'absent') {
    c.view.current = undefined;
    if (c.s.enabled) c.deadAir.noSource(now);
  } else if (status.state === 'playing' && cur !== null) {
    // The engine plays something: a source is there, even when its start event was lost or was
    // the recorded play resumed after a restart (which starts no new play in history).
    c.deadAir.sourceFound();
  }
  // What the engine played on its own while nobody recorded it goes into history now.
  const missed = unrecordedStart(status, c.s.recorded, c.now());
  if (missed) await onTrackStarted(c, missed);
  // A restarted engine may start playing before the new event stream is attached, and that
  // first track_started is lost: read its status again a second later, not after the poll.
  if (lost) c.s.lastSyncMs = now - c.t.syncEveryMs + RESYNC_AFTER_RESTART_MS;
  return true;
}

/** Off air, said once: history closed, now-playing empty, retried every ENGINE_RETRY_MS. */
async function engineUnreachable(c: DirectorCore, err: unknown): Promise<void> {
  const now = c.now();
  c.s.lastSyncMs = Number.NEGATIVE_INFINITY;
  if (c.s.engineDownSinceMs === undefined) {
    c.s.engineDownSinceMs = now;
    c.d.log.error({ err, station_id: c.id }, 'media engine unreachable');
    // A restarted engine knows nothing: subscribe again and reload once it answers.
    c.s.subscription?.close();
    c.s.subscription = undefined;
    c.s.fadeAhead = undefined;
    c.s.fadeUntilMs = undefined;
    c.view.onAir = undefined;
    c.view.current = undefined;
    c.view.loaded = [];
    c.loader.invalidate();
  }
  if (c.offAir.reason === 'engine_unreachable') return;
  const at = c.iso(now);
  await c.d.store.endOpenPlays(c.id, at);
  await c.d.store.saveExecutor(
    c.id,
    { tier: null, source_id: null, item_id: null, media_id: null, title: null },
    at,
  );
  c.s.recorded = undefined;
  await c.exec({ type: 'stop' });
  await c.offAir.set('engine_unreachable', now);
}

/** Silent for long enough, or back from an engine outage but not yet playing: off air. */
export async function updateOffAir(c: DirectorCore, now: number): Promise<void> {
  if (!c.s.enabled) return;
  const silent = c.deadAir.deadForMs(now) >= SILENT_OFF_AIR_MS;
  const waiting = c.offAir.reason === 'engine_unreachable' && c.view.current === undefined;
  if (!waiting) await c.offAir.set(silent ? 'silent' : null, now);
}

function engineReachable(c: DirectorCore): void {
  if (c.s.engineDownSinceMs === undefined) return;
  c.d.log.info(
    { station_id: c.id, down_seconds: (c.now() - c.s.engineDownSinceMs) / 1000 },
    'media engine reachable again',
  );
  c.s.engineDownSinceMs = undefined;
}
