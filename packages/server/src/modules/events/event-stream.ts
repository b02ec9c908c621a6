import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { GrimnirEvent } from '@grimnir/contracts';
import type { EventBus } from '../../infra/event-bus.js';
import { createKeyedThrottle } from '../../infra/throttle.js';
import type { Principal } from '../../plugins/principal.js';
import { eventVisibleTo, type Subscription } from './event-filter.js';

export interface EventStreamOptions {
  /** Ping period; a peer that has not answered the previous ping by the next one is dropped. */
  heartbeatMs?: number;
  /** At most one `levels` event per station per this period reaches clients. */
  levelsIntervalMs?: number;
  /** A client this far behind (unsent bytes) is dropped rather than buffered without bound. */
  maxBufferedBytes?: number;
}

interface Client {
  socket: WebSocket;
  principal: Principal;
  sub: Subscription;
  alive: boolean;
}

/**
 * Bridges the event bus to WebSocket clients: filters each event by type and station
 * visibility, throttles `levels`, serialises each event once whatever the audience, pings every
 * client and re-reads its visible stations on each heartbeat (membership changes apply within
 * one period without reconnecting).
 */
export function createEventStream(d: {
  bus: EventBus;
  visibleStationIds: (p: Principal) => Promise<string[] | 'all'>;
  log: FastifyBaseLogger;
  options?: EventStreamOptions;
}) {
  const heartbeatMs = d.options?.heartbeatMs ?? 15_000;
  const maxBuffered = d.options?.maxBufferedBytes ?? 1024 * 1024;
  const clients = new Set<Client>();

  function fanOut(event: GrimnirEvent): void {
    let text: string | undefined;
    for (const c of clients) {
      if (!eventVisibleTo(event, c.sub)) continue;
      if (c.socket.bufferedAmount > maxBuffered) {
        c.socket.terminate();
        continue;
      }
      text ??= JSON.stringify(event);
      c.socket.send(text);
    }
  }
  const levels = createKeyedThrottle<GrimnirEvent>(
    d.options?.levelsIntervalMs ?? 250,
    (_station, e) => fanOut(e),
  );
  const unsubscribe = d.bus.subscribe((e) => {
    if (clients.size === 0) return;
    if (e.type === 'levels') levels.push(e.payload.station_id, e);
    else fanOut(e);
  });

  const toSet = (v: string[] | 'all') => (v === 'all' ? 'all' : new Set(v));
  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
      d.visibleStationIds(c.principal).then(
        (v) => {
          c.sub = { ...c.sub, visible: toSet(v) };
        },
        (err: unknown) => d.log.warn({ err }, 'could not refresh event visibility'),
      );
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    add(socket: WebSocket, principal: Principal, sub: Subscription): void {
      const c: Client = { socket, principal, sub, alive: true };
      clients.add(c);
      socket.on('pong', () => {
        c.alive = true;
      });
      socket.on('close', () => clients.delete(c));
      socket.on('error', (err) => d.log.debug({ err }, 'event socket error'));
    },
    get clientCount(): number {
      return clients.size;
    },
    close(): void {
      clearInterval(heartbeat);
      levels.close();
      unsubscribe();
      for (const c of clients) c.socket.terminate();
      clients.clear();
    },
  };
}
export type EventStream = ReturnType<typeof createEventStream>;
