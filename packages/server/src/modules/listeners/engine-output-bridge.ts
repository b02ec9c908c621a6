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
// restart) stays silent; a feed without bytes for this long is reopened.
const STALE_MS = 5000;

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
  intervalMs?: number;
}) {
  const feeds = new Map<string, Feed>();
  let stopped = false;

  async function wanted(): Promise<Map<string, MountRecord>> {
    const out = new Map<string, MountRecord>();
    for (const s of await d.stations.list({})) {
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
      lastDataAt: Date.now(),
      sub: { close: () => undefined },
    };
    feed.sub = d.engine.subscribeOutput(m.stationId, m.name, (chunk) => {
      feed.lastDataAt = Date.now();
      hub.publish(chunk);
    });
    feeds.set(id, feed);
    d.log.info({ station_id: m.stationId, mount: m.name }, 'listener feed attached');
  }

  async function reconcile(): Promise<void> {
    const want = await wanted();
    for (const [id, f] of feeds) {
      const m = want.get(id);
      const stale = Date.now() - f.lastDataAt > STALE_MS;
      if (!m || feedKey(m) !== f.key || stale) {
        f.sub.close();
        feeds.delete(id);
        if (!stale) d.broadcasts.close(f.mount);
      }
    }
    for (const [id, m] of want) if (!feeds.has(id)) await attach(id, m);
  }

  const unsubscribe = d.events.subscribe((e) => {
    if (e.type !== 'now_playing') return;
    for (const f of feeds.values())
      if (f.stationId === e.payload.station_id)
        d.broadcasts.get(f.mount)?.setTitle(icyTitle(e.payload));
  });

  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    reconcile()
      .catch((err: unknown) => d.log.warn({ err }, 'listener feeds: reconcile failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, d.intervalMs ?? 10_000);
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
