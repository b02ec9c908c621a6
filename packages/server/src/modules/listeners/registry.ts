import type { FastifyBaseLogger } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { EventBus } from '../../infra/event-bus.js';
import type { Metrics } from '../../infra/metrics.js';
import { createKeyedThrottle } from '../../infra/throttle.js';
import type { MountRecord, MountsRepository } from '../stations/index.js';
import type { StationsRepository } from '../stations/index.js';
import { MountBroadcast, type BroadcastOptions, type StreamFormat } from './broadcast.js';
import { createAudience } from './audience.js';
import type { SessionTracker } from './sessions.js';

/** What listeners' players are told a mount's stream is (also Icecast's `server_type`). */
export const CONTENT_TYPES: Record<MountRecord['format'], string> = {
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  opus: 'audio/ogg',
  vorbis: 'audio/ogg',
};

/** Tuning shared by every hub (tests shrink the bounds to provoke drops quickly). */
export type HubTuning = Pick<
  BroadcastOptions,
  'burstBytes' | 'maxBacklogBytes' | 'coalesceBytes' | 'coalesceMs' | 'metaint'
>;

interface Entry {
  hub: MountBroadcast;
  mount: MountRecord;
  checkedAt: number;
}

/** What a hub's attach() returns: the hub's handle on one listener. */
type Listener = ReturnType<MountBroadcast['attach']>;

/** A mount looked up this recently is served without asking the database again. */
const RECHECK_MS = 30_000;

/**
 * One MountBroadcast per mount name, created on first use from the `mounts` table. The director
 * gets hubs with `open(mount)`; listeners find them with `lookup(name)`. A mount deleted from the
 * database stops being served within RECHECK_MS.
 */
export function createBroadcastRegistry(d: {
  mounts: MountsRepository;
  stations: StationsRepository;
  metrics: Metrics;
  events: EventBus;
  log: FastifyBaseLogger;
  /** Where each connection is recorded as a listener session (sessions.ts). */
  sessions: Pick<SessionTracker, 'open' | 'close'>;
  now?: () => number;
  tuning?: HubTuning;
}) {
  const entries = new Map<string, Entry>();
  const audience = createAudience();
  const now = d.now ?? Date.now;
  const registers = [d.metrics.registry];
  new Gauge({
    name: 'grimnir_listeners_current',
    help: 'Listeners connected to a mount now',
    labelNames: ['mount'],
    registers,
    collect() {
      this.reset();
      for (const [name, e] of entries) this.set({ mount: name }, e.hub.listenerCount);
    },
  });
  const connects = new Counter({
    name: 'grimnir_listener_connects_total',
    help: 'Listener connections accepted, by mount',
    labelNames: ['mount'],
    registers,
  });
  const disconnects = new Counter({
    name: 'grimnir_listener_disconnects_total',
    help: 'Listener disconnections by mount and reason (client_closed, slow, format_changed, mount_closed)',
    labelNames: ['mount', 'reason'],
    registers,
  });
  const countEvents = createKeyedThrottle<{ mount: MountRecord; count: number }>(1000, (_key, v) =>
    d.events.publish({
      type: 'listeners',
      payload: {
        station_id: v.mount.stationId,
        at: new Date(now()).toISOString(),
        mount: v.mount.name,
        mount_id: v.mount.id,
        count: v.count,
      },
    }),
  );

  async function formatFor(m: MountRecord): Promise<StreamFormat> {
    const station = await d.stations.findById(m.stationId);
    return {
      contentType: CONTENT_TYPES[m.format],
      bitrateKbps: m.bitrateKbps,
      name: station?.name ?? m.name,
      description: station?.description ?? '',
      genre: '',
      url: '',
      public: station?.public ?? false,
      sampleRate: m.sampleRate,
      channels: m.channels,
    };
  }

  function create(m: MountRecord, format: StreamFormat): Entry {
    const entry: Entry = {
      mount: m,
      checkedAt: now(),
      hub: new MountBroadcast({
        mount: m.name,
        format,
        ...d.tuning,
        onListenersChanged: (count, event) => {
          if (event === 'connect') connects.inc({ mount: m.name });
          else disconnects.inc({ mount: m.name, reason: event });
          countEvents.push(m.id, { mount: entry.mount, count });
        },
      }),
    };
    entries.set(m.name, entry);
    return entry;
  }

  function remove(name: string): void {
    const e = entries.get(name);
    if (!e) return;
    entries.delete(name);
    e.hub.close();
  }

  return {
    /** The hub for a mount, created if needed (the director calls this before publishing). */
    async open(m: MountRecord): Promise<MountBroadcast> {
      const existing = entries.get(m.name);
      if (existing && existing.mount.id === m.id) {
        existing.mount = m;
        existing.checkedAt = now();
        return existing.hub;
      }
      if (existing) remove(m.name);
      const format = await formatFor(m);
      return (entries.get(m.name) ?? create(m, format)).hub;
    },
    /** The hub for a listener's URL segment, or undefined when no such mount exists. */
    async lookup(name: string): Promise<MountBroadcast | undefined> {
      const e = entries.get(name);
      if (e && now() - e.checkedAt < RECHECK_MS) return e.hub;
      const m = await d.mounts.findByName(name);
      if (!m) {
        remove(name);
        return undefined;
      }
      if (e && e.mount.id === m.id) {
        e.mount = m;
        e.checkedAt = now();
        return e.hub;
      }
      if (e) remove(name);
      const format = await formatFor(m);
      // Another request may have created it while the station was being read.
      return (entries.get(name) ?? create(m, format)).hub;
    },
    get(name: string): MountBroadcast | undefined {
      return entries.get(name)?.hub;
    },
    stationOf(name: string): string | undefined {
      return entries.get(name)?.mount.stationId;
    },
    close(name: string): void {
      remove(name);
    },
    /**
     * A listener attached to `hub` connected from `address`: counted, and its session opened.
     * Returns its socket's 'close' handler, which detaches it and ends both; the one closure a
     * listener keeps (issue 17: each closure and scope is ~100 B per listener).
     */
    joined(
      hub: MountBroadcast,
      listener: Listener,
      client: { address: string; userAgent?: string | undefined; requestId: string },
    ) {
      const e = entries.get(hub.mount);
      if (!e) return () => hub.detach(listener);
      const { stationId, id: mountId } = e.mount;
      const { address, userAgent, requestId } = client;
      audience.join(stationId, hub.mount, address, hub.listenerCount);
      const session = d.sessions.open({
        stationId,
        mountId,
        mount: hub.mount,
        kind: 'direct',
        address,
        ...(userAgent !== undefined && { userAgent }),
      });
      const joinedAt = now();
      let left = false;
      return () => {
        // The hub may have detached it already (dropped as slow): the session ends here anyway.
        hub.detach(listener);
        if (left) return;
        left = true;
        audience.leave(stationId, address);
        d.sessions.close(session);
        // A stream's socket leaves Fastify when it starts, so its access line is written here:
        // how long it listened, how much it got and why it ended (as Icecast's access log).
        d.log.info(
          {
            request_id: requestId,
            station_id: stationId,
            mount: hub.mount,
            reason: listener.reason ?? 'client_closed',
            seconds: Math.round((now() - joinedAt) / 100) / 10,
            bytes: listener.socket.bytesWritten,
          },
          'listener left',
        );
      };
    },
    /** Distinct listener addresses of a station now (this replica). */
    uniqueListeners(stationId: string): number {
      return audience.unique(stationId);
    },
    /** A mount's most listeners at once since this process started. */
    peak(name: string): number {
      return audience.peak(name);
    },
    counts(): Record<string, number> {
      return Object.fromEntries([...entries].map(([n, e]) => [n, e.hub.listenerCount]));
    },
    closeAll(): void {
      for (const name of [...entries.keys()]) remove(name);
      countEvents.close();
    },
  };
}
export type BroadcastRegistry = ReturnType<typeof createBroadcastRegistry>;
