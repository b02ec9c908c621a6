import type {
  EngineControl,
  EngineEventView,
  EngineItemSpec,
  EngineStationSettings,
  EngineStatusView,
  FadeCurve,
} from '../modules/playout/ports.js';
import type { StationStatus } from '@grimnir/contracts';
import type { LiveEngine } from '../modules/live/live-sessions.js';

type EngineCall =
  | { op: 'configure'; settings: EngineStationSettings }
  | { op: 'load'; item: EngineItemSpec; replace: boolean; hold?: boolean }
  | { op: 'play' }
  | { op: 'stop' }
  | { op: 'transition'; durationMs: number; curve: FadeCurve; atMs?: number }
  | { op: 'skip' }
  | { op: 'insertEmergency'; item: EngineItemSpec; loop: boolean }
  | { op: 'releaseEmergency' }
  | { op: 'status' };

interface FakeStation {
  state: EngineStatusView['state'];
  current: EngineItemSpec | undefined;
  /** When `current` started: status reports the position from it, as the engine's deck does. */
  currentSince: number;
  queue: EngineItemSpec[];
  emergency: EngineItemSpec | undefined;
  fallback: EngineItemSpec[];
  fallbackIndex: number;
  /** A timed transition waiting for its instant, and the item it starts (taken off the queue). */
  startAt: number | undefined;
  startItem: EngineItemSpec | undefined;
  /** Loaded with `hold`: waits for a timed transition. */
  held: EngineItemSpec | undefined;
}

/**
 * An engine that behaves like the real one at the level the director sees (queue, current
 * item, emergency layer, track events) and records every call. `now` stamps events.
 */
export function fakeEngine(
  now: () => number,
  opts: { deferStart?: boolean; realTimers?: boolean } = {},
) {
  const stations = new Map<string, FakeStation>();
  const listeners = new Map<string, Set<(ev: EngineEventView) => void>>();
  const calls: { stationId: string; call: EngineCall; atMs: number }[] = [];
  let unreachable = false;

  const st = (id: string): FakeStation => {
    let s = stations.get(id);
    if (!s) {
      s = {
        state: 'absent',
        current: undefined,
        currentSince: 0,
        queue: [],
        emergency: undefined,
        fallback: [],
        fallbackIndex: 0,
        startAt: undefined,
        startItem: undefined,
        held: undefined,
      };
      stations.set(id, s);
    }
    return s;
  };
  const emit = (id: string, ev: EngineEventView) => {
    for (const l of listeners.get(id) ?? []) l(ev);
  };
  const record = (stationId: string, call: EngineCall) =>
    calls.push({ stationId, call, atMs: now() });
  const advance = (id: string, s: FakeStation, atMs = now(), bound?: EngineItemSpec) => {
    const old = s.current;
    // Like the engine: with nothing queued it cycles through the station fallback.
    s.current =
      bound ?? s.queue.shift() ?? s.fallback[s.fallbackIndex++ % Math.max(1, s.fallback.length)];
    s.currentSince = atMs;
    if (old) emit(id, { type: 'track_ended', itemId: old.id, source: 'automation', atMs });
    if (s.current)
      emit(id, {
        type: 'track_started',
        itemId: s.current.id,
        source: s.current.id.startsWith('f:') ? 'fallback' : 'automation',
        atMs,
      });
  };
  // Like the engine, a timed transition happens at its instant and is reported with it (the
  // real engine's clock runs by itself; here `runDue` or the next call moves it on).
  const runDue = (id: string) => {
    const s = st(id);
    const at = s.startAt;
    if (at === undefined || now() < at || s.state === 'emergency') return;
    const item = s.startItem;
    s.startAt = undefined;
    s.startItem = undefined;
    advance(id, s, at, item);
  };
  const requireKnown = (s: FakeStation) => {
    if (s.state === 'absent') throw new Error('unknown station');
  };

  const engine: EngineControl = {
    configure(id, settings) {
      record(id, { op: 'configure', settings });
      const s = st(id);
      if (s.state === 'absent') s.state = 'stopped';
      s.fallback = settings.fallback;
      return Promise.resolve();
    },
    load(id, item, replace, hold = false) {
      record(id, { op: 'load', item, replace, ...(hold ? { hold } : {}) });
      const s = st(id);
      requireKnown(s);
      if (replace) s.queue = [];
      if (hold) s.held = item;
      else s.queue.push(item);
      return Promise.resolve();
    },
    play(id) {
      record(id, { op: 'play' });
      const s = st(id);
      requireKnown(s);
      if (s.state === 'stopped') s.state = 'playing';
      // The real engine takes the queue head on its own audio clock, a moment later.
      if (!s.current && opts.deferStart !== true) advance(id, s);
      return Promise.resolve();
    },
    stop(id) {
      record(id, { op: 'stop' });
      const s = st(id);
      s.state = 'stopped';
      s.current = undefined;
      s.startAt = undefined;
      s.startItem = undefined;
      s.held = undefined;
      return Promise.resolve();
    },
    transition(id, durationMs, curve, atMs = 0) {
      record(id, { op: 'transition', durationMs, curve, ...(atMs > 0 ? { atMs } : {}) });
      const s = st(id);
      if (atMs > 0) {
        // Like the engine, a timed start takes its item off the queue now: nothing else starts
        // it early, and a later timed one replaces it.
        s.startAt = atMs;
        s.startItem = s.held ?? s.queue.shift();
        s.held = undefined;
      } else if (s.state !== 'emergency') {
        // Like the real engine, automation under an emergency waits until it is heard again.
        advance(id, s);
      }
      runDue(id);
      // On real timers (benches) the instant comes by itself; tests move a manual clock.
      if (opts.realTimers === true && atMs > now())
        setTimeout(() => runDue(id), atMs - now()).unref();
      return Promise.resolve();
    },
    skip(id) {
      record(id, { op: 'skip' });
      advance(id, st(id));
      return Promise.resolve();
    },
    insertEmergency(id, item, loop) {
      record(id, { op: 'insertEmergency', item, loop });
      const s = st(id);
      s.state = 'emergency';
      s.emergency = item;
      emit(id, { type: 'track_started', itemId: item.id, source: 'emergency', atMs: now() });
      return Promise.resolve();
    },
    releaseEmergency(id) {
      record(id, { op: 'releaseEmergency' });
      const s = st(id);
      if (s.emergency) {
        emit(id, { type: 'track_ended', itemId: s.emergency.id, source: 'emergency', atMs: now() });
        s.emergency = undefined;
        s.state = 'playing';
      }
      return Promise.resolve();
    },
    status(id) {
      record(id, { op: 'status' });
      if (unreachable) return Promise.reject(new Error('14 UNAVAILABLE: engine gone'));
      runDue(id);
      const s = st(id);
      return Promise.resolve({
        state: s.state,
        currentItemId: s.current?.id ?? null,
        positionMs: s.current ? Math.max(0, now() - s.currentSince) : 0,
        queuedItemIds: [s.startItem, s.held, ...s.queue]
          .filter((q): q is EngineItemSpec => q !== undefined)
          .map((q) => q.id),
      });
    },
    subscribe(id, onEvent) {
      const set = listeners.get(id) ?? new Set();
      set.add(onEvent);
      listeners.set(id, set);
      return { close: () => set.delete(onEvent) };
    },
  };

  return {
    engine,
    calls,
    ops: (stationId?: string) =>
      calls
        .filter(
          (c) => (stationId === undefined || c.stationId === stationId) && c.call.op !== 'status',
        )
        .map((c) => c.call),
    station: st,
    emit,
    /** Timed transitions whose instant has come happen (the engine's own clock). */
    runDue: (id: string) => runDue(id),
    /** The current item reaches its end and the engine moves on by itself. */
    finishCurrent: (id: string) => advance(id, st(id)),
    /** Simulates a restart of the engine process: every station is forgotten. */
    restart: () => stations.clear(),
    /** The engine process is gone (status fails) until `false`; a restart forgets stations. */
    setUnreachable: (down: boolean) => {
      unreachable = down;
      if (down) stations.clear();
    },
    clearCalls: () => calls.splice(0, calls.length),
  };
}
export type FakeEngine = ReturnType<typeof fakeEngine>;

/**
 * An engine that is down — every call fails, as when the configured address does not answer —
 * for tests that exercise the control plane without audio. Both faces: the director's
 * `EngineControl` and live ingest's `LiveEngine`.
 */
export function unreachableEngine(): EngineControl & LiveEngine {
  const down = () => Promise.reject(new Error('media engine unreachable'));
  return {
    configure: down,
    load: down,
    play: down,
    stop: down,
    transition: down,
    skip: down,
    insertEmergency: down,
    releaseEmergency: down,
    status: down,
    subscribe: () => ({ close: () => undefined }),
    attachLive: down,
    detachLive: down,
    setTitle: down,
  };
}

/** The engine client's status of a station that plays (for live-engine doubles). */
export function playingStatus(stationId: string): Promise<StationStatus> {
  return Promise.resolve({
    station_id: stationId,
    state: 'playing',
    queue: [],
    outputs: [],
    level_rms_db: 0,
    level_peak_db: 0,
    underruns: 0,
    decoder_restarts: 0,
    frames: 0,
  });
}
