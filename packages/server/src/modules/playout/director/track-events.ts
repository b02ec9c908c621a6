import { randomUUID } from 'node:crypto';
import { mediaTitle, parseItemId } from '../engine/engine-items.js';
import type { ExecutorEvent } from './executor-state.js';
import type { Tier } from '../priority/priority-resolver.js';
import type {
  DirectorStore,
  DirectorView,
  EngineEventView,
  EngineItemSpec,
  EventPublisher,
} from '../ports.js';

interface Target {
  readonly view: DirectorView;
  exec(ev: ExecutorEvent): Promise<void>;
}

interface TrackDeps {
  stationId: string;
  store: DirectorStore;
  events: EventPublisher;
  /** Schedule items that aired (or were given up); never loaded again. */
  done: Set<string>;
  /** What the engine has queued after the current item. */
  upNext: () => (EngineItemSpec | undefined)[];
}

type Started = Extract<EngineEventView, { type: 'track_started' }>;
type Ended = Extract<EngineEventView, { type: 'track_ended' }>;

/**
 * The engine says an item really started: play history (with the engine's time, not the
 * plan's), the media play counter, the executor row behind now-playing, and the event.
 */
export async function recordTrackStarted(t: Target, d: TrackDeps, ev: Started): Promise<void> {
  const ref = parseItemId(ev.itemId);
  if (!ref) return;
  const tier: Tier = ref.kind === 'e' ? 0 : ref.kind === 'f' || ev.source === 'fallback' ? 4 : 3;
  const startedAt = new Date(ev.atMs).toISOString();
  if (tier !== 0) {
    t.view.current = { id: ev.itemId, ref, startedAtMs: ev.atMs };
    t.view.loaded = t.view.loaded.filter((id) => id !== ev.itemId);
    if (ref.kind === 's') d.done.add(ref.ref);
    if (ref.kind === 'q') await d.store.dequeue(ref.ref);
    if (t.view.onAir === undefined || t.view.onAir.tier >= 3)
      t.view.onAir = tier === 3 ? { tier: 3, itemId: ref.ref, offsetMs: 0 } : { tier: 4 };
  }
  const media = await d.store.media(ref.mediaId);
  // A relay (webstream) has no media row: the engine's title is the webstream's name.
  const title = media ? mediaTitle(media) : (ev.title ?? '');
  const lengthMs = media
    ? (media.cue_out_ms ?? media.duration_ms ?? 0) - (media.cue_in_ms ?? 0)
    : 0;
  const endsAt = lengthMs > 0 ? new Date(ev.atMs + lengthMs).toISOString() : null;
  await d.store.startPlay({
    id: randomUUID(),
    station_id: d.stationId,
    media_id: media ? media.id : null,
    item_id: ev.itemId,
    title,
    started_at: startedAt,
    tier,
    source: ev.source,
  });
  if (tier !== 0) await t.exec({ type: 'track_started' });
  // Underneath an emergency or live show the row keeps describing what listeners hear.
  if (tier === 0 || t.view.onAir === undefined || t.view.onAir.tier >= 3)
    await d.store.saveExecutor(
      d.stationId,
      {
        tier,
        source_id: ref.kind === 'e' ? ref.ref : null,
        item_id: ev.itemId,
        media_id: media ? media.id : null,
        title,
        started_at: startedAt,
        ends_at: endsAt,
      },
      new Date().toISOString(),
    );
  d.events.publish({
    type: 'now_playing',
    payload: {
      station_id: d.stationId,
      at: new Date().toISOString(),
      entry_id: ref.kind === 's' ? ref.ref : null,
      media_id: media?.id ?? null,
      title: media?.title ?? title,
      artist: media?.artist ?? '',
      album: media?.album ?? '',
      started_at: startedAt,
      ends_at: endsAt,
      tier,
      source_type: ev.source,
      up_next: d
        .upNext()
        .filter((s): s is EngineItemSpec => s !== undefined)
        .map((s) => ({
          media_id: parseItemId(s.id)?.mediaId ?? null,
          title: s.title,
          artist: '',
          album: '',
          starts_at: null,
        })),
    },
  });
}

export async function recordTrackEnded(t: Target, d: TrackDeps, ev: Ended): Promise<void> {
  const at = new Date(ev.atMs).toISOString();
  await d.store.endPlay(d.stationId, ev.itemId, at);
  const ref = parseItemId(ev.itemId);
  // An emergency message that played to its end is over: the ladder resumes below it, and
  // now playing stops naming it like any other item that ended.
  if (ref?.kind === 'e') await d.store.releaseSource(ref.ref, at);
  await forgetEndedItem(d, ev.itemId);
  if (t.view.current?.id === ev.itemId) t.view.current = undefined;
}

/**
 * An item over with nothing started after it (a file the engine gave up on, the next one's
 * decoder still starting): the row behind now-playing stops naming it, and now-playing asks
 * the engine until the next start is recorded. The engine ends the outgoing item of a
 * transition just before it starts the incoming one: in that moment now-playing names what the
 * engine plays, which is the incoming item already.
 */
async function forgetEndedItem(d: TrackDeps, itemId: string): Promise<void> {
  await d.store.clearItem(d.stationId, { item_id: itemId }, new Date().toISOString());
}

/**
 * The engine gave up on an item's file (decoder_failed): it is not loaded again, an operator's
 * play-next entry leaves the queue, and if it was prepared it never went on air (the engine
 * moved on to the next one).
 */
export async function forgetFailedItem(t: Target, d: TrackDeps, itemId: string): Promise<void> {
  const ref = parseItemId(itemId);
  if (!ref || ref.kind === 'e') return;
  t.view.loaded = t.view.loaded.filter((id) => id !== itemId);
  if (ref.kind === 's') d.done.add(ref.ref);
  if (ref.kind === 'q') await d.store.dequeue(ref.ref);
}
