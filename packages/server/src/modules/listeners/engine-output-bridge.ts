import type { FastifyBaseLogger } from 'fastify';
import type { EventBus } from '../../infra/event-bus.js';
import type { EngineClient, Subscription } from '@grimnir/engine-client';
import type { MountRecord, MountsRepository } from '../stations/index.js';
import type { StationsRepository } from '../stations/index.js';
import type { BroadcastRegistry } from './registry.js';

interface Feed {
  key: string;
  stationId: string;
  mount: string;
  sub: Subscription;
  lastDataAt: number;
}

// An output subscription opened before the engine knows the station (or across an engine
// restart) stays silent; a feed without bytes for this long is reopened. The engine sends
// several chunks a second, so 2 s of nothing is an engine gone or restarted, not a hiccup.
const STALE_MS = 2_000;
// How often stale or missing feeds are looked for (in memory; the database is read only when
// one is found, or every `intervalMs`). Listeners hear an engine restart for as long as this
// takes on top of the restart itself: the soak bench heard 2–17 s of silence after an engine
// kill while the bridge waited for its 10 s round.
const CHECK_MS = 1_000;

/** A feed is renewed when anything that changes the bytes changes (name, codec, bitrate). */
const feedKey = (m: MountRecord) =>
  `${m.id}:${m.name}:${m.format}:${m.bitrateKbps}:${m.sampleRate}:${m.channels}`;

export function icyTitle(p: { artist: string; title: string }): string {
  return p.artist.trim() === '' ? p.title : `${p.artist} - ${p.title}`;
}

/**
 * Carries each active station's encoded output from the media engine to the listener hubs of
 * this replica, and now-playing titles into the ICY metadata. Every replica runs one (listeners
 * connect anywhere); the engine client resubscribes by itself after engine restarts, and the
 * mount list is re-read periodically so new or changed mounts start flowing without a restart.
 */
export function startEngineOutputBridge(d: {
  engine: Pick<EngineClient, 'subscribeOutput' | 'status'>;
  stations: StationsRepository;
  mounts: MountsRepository;
  broadcasts: BroadcastRegistry;
  events: EventBus;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  /** How often the mount list is re-read when nothing is wrong. */
  intervalMs?: number;
  now?: () => number;
}) {
  const feeds = new Map<string, Feed>();
  let stopped = false;

  async function wanted(): Promise<Map<string, MountRecord>> {
    const out = new Map<string, MountRecord>();
    for (const s of await d.stations.list()) {
      if (!s.active) continue;
      for (const m of await d.mounts.listByStation(s.id)) out.set(m.id, m);
    }
    return out;
  }

  async function attach(id: string, m: MountRecord): Promise<void> {
    // Only once the engine has the station configured (the director does that).
    const known = await d.engine.status(m.stationId).then(
      () => true,
      () => false,
    );
    if (!known || stopped) return;
    const hub = await d.broadcasts.open(m);
    const feed: Feed = {
      key: feedKey(m),
      stationId: m.stationId,
      mount: m.name,
      lastDataAt: now(),
      sub: { close: () => undefined },
    };
    feed.sub = d.engine.subscribeOutput(m.stationId, m.name, (chunk) => {
      feed.lastDataAt = now();
      hub.publish(chunk);
    });
    feeds.set(id, feed);
    d.log.info({ station_id: m.stationId, mount: m.name }, 'listener feed attached');
  }

  // A wanted mount that could not be attached (the engine did not know the station yet).
  let missing = false;
  let lastFullMs = Number.NEGATIVE_INFINITY;
  const now = d.now ?? Date.now;

  async function reconcile(): Promise<void> {
    lastFullMs = now();
    const want = await wanted();
    for (const [id, f] of feeds) {
      const m = want.get(id);
      const stale = now() - f.lastDataAt > STALE_MS;
      if (!m || feedKey(m) !== f.key || stale) {
        f.sub.close();
        feeds.delete(id);
        if (!stale) d.broadcasts.close(f.mount);
      }
    }
    for (const [id, m] of want) if (!feeds.has(id)) await attach(id, m);
    missing = [...want.keys()].some((id) => !feeds.has(id));
  }

  /** Due: the periodic re-read of the mounts, or a feed gone quiet, or one still missing. */
  function due(): boolean {
    if (missing || now() - lastFullMs >= (d.intervalMs ?? 10_000)) return true;
    for (const f of feeds.values()) if (now() - f.lastDataAt > STALE_MS) return true;
    return false;
  }

  const unsubscribe = d.events.subscribe((e) => {
    if (e.type !== 'now_playing') return;
    for (const f of feeds.values())
      if (f.stationId === e.payload.station_id)
        d.broadcasts.get(f.mount)?.setTitle(icyTitle(e.payload));
  });

  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    (due() ? reconcile() : Promise.resolve())
      .catch((err: unknown) => d.log.warn({ err }, 'listener feeds: reconcile failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, CHECK_MS);
      });
  };
  loop();

  return {
    /** Re-reads mounts now (tests, and after a mount is created through the API). */
    refresh: reconcile,
    stop(): void {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      for (const f of feeds.values()) f.sub.close();
      feeds.clear();
    },
  };
}
