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
  /** Closes the socket when its access token expires. */
  expiry: NodeJS.Timeout | undefined;
}

/** Close codes a client can act on: log in again, or reconnect to see its new stations. */
const CLOSE_SESSION_ENDED = 4401;
const CLOSE_ACCESS_CHANGED = 4403;

/**
 * Bridges the event bus to WebSocket clients: filters each event by type and station
 * visibility, throttles `levels`, serialises each event once whatever the audience, pings every
 * client. A session ends with the rights it was opened with: when an access signal names the
 * user (logout, password change, deactivation, deletion, role or membership change) their
 * sockets are re-checked at once, and on every heartbeat anyway; a socket whose user lost the
 * right closes with 4401, one that lost a station with 4403 (reconnecting shows the new set);
 * a socket opened with an access token closes when that token expires.
 */
export function createEventStream(d: {
  bus: EventBus;
  visibleStationIds: (p: Principal) => Promise<string[] | 'all'>;
  /** Whether the principal still holds the rights it had when the socket opened. */
  stillValid: (p: Principal) => Promise<boolean>;
  access: { subscribe(handler: (userId: string) => void): () => void };
  now: () => number;
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
  const end = (c: Client, code: number, reason: string) => {
    if (!clients.delete(c)) return;
    clearTimeout(c.expiry);
    c.socket.close(code, reason);
    // A peer that ignores the close frame is cut off rather than kept listening.
    setTimeout(() => c.socket.terminate(), 2_000).unref();
  };
  async function recheck(c: Client): Promise<void> {
    if (!(await d.stillValid(c.principal))) return end(c, CLOSE_SESSION_ENDED, 'session ended');
    const visible = toSet(await d.visibleStationIds(c.principal));
    const lost =
      c.sub.visible !== 'all' && visible !== 'all'
        ? [...c.sub.visible].some((id) => !visible.has(id))
        : c.sub.visible === 'all' && visible !== 'all';
    if (lost) return end(c, CLOSE_ACCESS_CHANGED, 'station access changed');
    c.sub = { ...c.sub, visible };
  }
  const recheckSafely = (c: Client) =>
    recheck(c).catch((err: unknown) => d.log.warn({ err }, 'could not re-check an event socket'));
  const unsubscribeAccess = d.access.subscribe((userId) => {
    for (const c of clients) if (c.principal.userId === userId) void recheckSafely(c);
  });
  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
      void recheckSafely(c);
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    add(socket: WebSocket, principal: Principal, sub: Subscription): void {
      const c: Client = { socket, principal, sub, alive: true, expiry: undefined };
      clients.add(c);
      if (principal.session !== undefined) {
        const left = Math.max(0, principal.session.expiresAtMs - d.now());
        c.expiry = setTimeout(() => end(c, CLOSE_SESSION_ENDED, 'token expired'), left);
        c.expiry.unref();
      }
      socket.on('pong', () => {
        c.alive = true;
      });
      socket.on('close', () => {
        clearTimeout(c.expiry);
        clients.delete(c);
      });
      socket.on('error', (err) => d.log.debug({ err }, 'event socket error'));
    },
    get clientCount(): number {
      return clients.size;
    },
    close(): void {
      clearInterval(heartbeat);
      levels.close();
      unsubscribe();
      unsubscribeAccess();
      for (const c of clients) {
        clearTimeout(c.expiry);
        c.socket.terminate();
      }
      clients.clear();
    },
  };
}
export type EventStream = ReturnType<typeof createEventStream>;
