import type { QueryClient } from '@tanstack/react-query';
import type { EventPayload, GrimnirEvent } from '@grimnir/contracts';
import { useSyncExternalStore } from 'react';
import { queueReorderKey } from '../queries/station';
import { createLiveStore } from './live-store';

// The events WebSocket (`/api/v1/events`) is the console's only live channel: it invalidates
// TanStack Query caches (what is on air changed: fetch it again) and feeds live values that
// change too often for a cache (levels, listeners).

export const levels = createLiveStore<EventPayload<'levels'>>();
/** Per station: mount name → listeners now. */
export const listeners = createLiveStore<Record<string, number>>();
interface Alert {
  id: number;
  at: string;
  kind: 'dead_air' | 'engine';
  text: string;
}
/** Per station: the latest alerts, newest first (dead air, engine state). */
export const alerts = createLiveStore<Alert[]>();

type Status = 'connecting' | 'open' | 'closed';
let status: Status = 'closed';
/** The socket dropped or could not open while logged in: live values may be stale. */
let lost = false;
const statusListeners = new Set<() => void>();
function setStatus(s: Status, isLost = lost): void {
  status = s;
  lost = isLost;
  for (const l of statusListeners) l();
}
const subscribeStatus = (l: () => void) => {
  statusListeners.add(l);
  return () => statusListeners.delete(l);
};

export function useEventsStatus(): Status {
  return useSyncExternalStore(subscribeStatus, () => status);
}

/** True while live updates are down after a drop or a failed connect (not on first connect). */
export function useEventsLost(): boolean {
  return useSyncExternalStore(subscribeStatus, () => lost);
}

let alertSeq = 0;
function pushAlert(stationId: string, a: Omit<Alert, 'id'>): void {
  const list = [{ ...a, id: ++alertSeq }, ...(alerts.get(stationId) ?? [])].slice(0, 20);
  alerts.set(stationId, list);
}

function dispatch(queries: QueryClient, ev: GrimnirEvent): void {
  const id = ev.payload.station_id;
  switch (ev.type) {
    case 'levels':
      levels.set(id, ev.payload);
      return;
    case 'listeners':
      listeners.set(id, { ...listeners.get(id), [ev.payload.mount]: ev.payload.count });
      return;
    case 'dead_air':
      pushAlert(id, {
        at: ev.payload.at,
        kind: 'dead_air',
        text: `Dead air${ev.payload.mount ? ` on ${ev.payload.mount}` : ''}: ${Math.round(
          ev.payload.silent_seconds,
        )} s of silence (action: ${ev.payload.action})`,
      });
      void queries.invalidateQueries({ queryKey: ['station', id] });
      return;
    case 'executor_state':
      if (ev.payload.state === 'idle' && ev.payload.previous !== null)
        pushAlert(id, {
          at: ev.payload.at,
          kind: 'engine',
          text: `Playout went idle (was ${ev.payload.previous})`,
        });
      void queries.invalidateQueries({ queryKey: ['station', id] });
      return;
    case 'queue':
      // Another console added, removed or reordered: its list and up next are stale here.
      // Not while this console's own reorders are on their way: a refetch between two of them
      // would show an order in between; the last one's answer re-reads the list.
      if (queries.isMutating({ mutationKey: queueReorderKey(id) }) === 0)
        void queries.invalidateQueries({ queryKey: ['station', id, 'queue'] });
      void queries.invalidateQueries({ queryKey: ['station', id, 'now-playing'] });
      return;
    case 'media':
      // Uploaded, edited, deleted or analysed: the library's lists (key of
      // screens/library/queries.ts) and each item's own cache (tags, artwork, waveform).
      void queries.invalidateQueries({ queryKey: ['library', id] });
      for (const m of ev.payload.media_ids)
        void queries.invalidateQueries({ queryKey: ['media', m] });
      return;
    case 'import':
      // A job started, moved on or ended (its imported files come as `media` events too).
      void queries.invalidateQueries({ queryKey: ['imports', id] });
      return;
    case 'now_playing':
    case 'priority':
    case 'schedule_update':
      void queries.invalidateQueries({ queryKey: ['station', id] });
      return;
  }
}

/** Close codes of the server's event stream (modules/events/event-stream.ts). */
const CLOSE_SESSION_ENDED = 4401;
const CLOSE_ACCESS_CHANGED = 4403;

interface Auth {
  /** The access token now (memory only), undefined once logged out. */
  token(): string | undefined;
  /** Silent refresh; false when the session is over (the app then shows the login page). */
  renew(): Promise<boolean>;
}

/**
 * Keeps one socket open while logged in, reconnecting with backoff (a restarted or failed-over
 * replica); after a reconnect every station query is refetched, since events were missed.
 *
 * The server closes a socket whose token expired or whose user's rights changed (4401), or that
 * lost a station (4403). Reconnecting with the same token would be refused forever, so a 4401,
 * and a socket that never opened (browsers hide the handshake's 401), first get a fresh access
 * token; when the refresh says the session is over, the session module logs out and the router
 * shows the login page, which stops this loop.
 */
export function connectEvents(queries: QueryClient, auth: Auth): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = 1000;
  let stopped = false;
  let everOpened = false;
  const open = () => {
    const t = auth.token();
    if (stopped) return;
    if (t === undefined) {
      setStatus('closed', false);
      return;
    }
    setStatus('connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(
      `${proto}//${location.host}/api/v1/events?token=${encodeURIComponent(t)}`,
    );
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delay = 1000;
      setStatus('open', false);
      if (everOpened) void queries.invalidateQueries({ queryKey: ['station'] });
      everOpened = true;
    };
    ws.onmessage = (m: MessageEvent<string>) => {
      try {
        dispatch(queries, JSON.parse(m.data) as GrimnirEvent);
      } catch {
        // A malformed frame is dropped; the next event or refetch brings the truth.
      }
    };
    ws.onclose = (e: CloseEvent) => {
      if (stopped || socket !== ws) return;
      setStatus('closed', true);
      const wait = opened && e.code >= 4000 ? 0 : delay;
      if (!(opened && e.code >= 4000)) delay = Math.min(delay * 2, 15_000);
      const fresh = e.code === CLOSE_SESSION_ENDED || (!opened && e.code !== CLOSE_ACCESS_CHANGED);
      retry = setTimeout(() => {
        if (!fresh) return open();
        void auth.renew().then((alive) => {
          if (alive) open();
          else if (!stopped) setStatus('closed', false);
        });
      }, wait);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
    levels.clear();
    listeners.clear();
    setStatus('closed', false);
  };
}
