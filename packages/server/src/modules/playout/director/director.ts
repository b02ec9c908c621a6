import type { FastifyBaseLogger as Logger } from 'fastify';
import { unavailableDependency } from '../../../errors.js';
import type { Leadership } from '../../../infra/leadership.js';
import type { StationDirector } from './station-director.js';

interface DirectorDeps {
  leadership: Leadership;
  /** Stations that should be on air (active, not stopped by an operator). */
  runnableStations: () => Promise<string[]>;
  makeStation: (stationId: string) => StationDirector;
  log: Logger;
  reconcileMs?: number;
}

export interface Director {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running director of a station, when this process leads. */
  station(stationId: string): StationDirector | undefined;
  /** Picks up stations created, deleted, stopped or started since the last look. */
  reconcile(): Promise<void>;
}

interface Running {
  sd: StationDirector;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
  /** What the last rounds failed on (logged once per change); undefined while they succeed. */
  failing: string | undefined;
  failedRounds: number;
  /** A round is running (its next one is scheduled when it ends). */
  inRound: boolean;
  /** A round was asked for while one ran: the next starts at once. */
  wanted: boolean;
}

/**
 * Runs one StationDirector per station while this process holds leadership (the scheduler uses
 * the same lock), each on its own timer whose delay the station computes: it wakes exactly when
 * a hard-timed item is due rather than polling.
 */
export function createDirector(d: DirectorDeps): Director {
  const running = new Map<string, Running>();
  const reconcileMs = d.reconcileMs ?? 10_000;
  let active = false;
  let reconcileTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  function loop(r: Running): void {
    if (r.stopped) return;
    r.inRound = true;
    r.wanted = false;
    r.sd
      .tick()
      .then(
        (wait) => {
          if (r.failing !== undefined)
            d.log.info(
              { station_id: r.sd.id, failed_rounds: r.failedRounds },
              'director recovered',
            );
          r.failing = undefined;
          r.failedRounds = 0;
          return wait;
        },
        (err: unknown) => {
          // Once per kind of failure, not once per second while a dependency is down.
          const kind = unavailableDependency(err) ?? (err instanceof Error ? err.message : 'error');
          r.failedRounds += 1;
          if (kind !== r.failing)
            d.log.error(
              { err, station_id: r.sd.id },
              `director round failed${kind === 'database' || kind === 'redis' ? `: ${kind} unreachable` : ''}; retrying every second`,
            );
          r.failing = kind;
          return 1_000;
        },
      )
      .then((wait) => {
        r.inRound = false;
        if (!r.stopped) r.timer = setTimeout(() => loop(r), r.wanted ? 0 : wait);
      })
      .catch(() => undefined);
  }

  async function startStation(id: string): Promise<void> {
    const sd = d.makeStation(id);
    const r: Running = {
      sd,
      timer: undefined,
      stopped: false,
      failing: undefined,
      failedRounds: 0,
      inRound: false,
      wanted: false,
    };
    running.set(id, r);
    await sd.start();
    // Set as its rounds start (a wake before would begin a second chain of rounds): the station
    // asks for a round before its timer when the engine's event stream broke, so a restarted
    // engine is waited for and reconfigured at once, not up to a second later.
    sd.onRoundWanted = () => {
      if (r.stopped) return;
      if (r.inRound) {
        r.wanted = true;
        return;
      }
      if (r.timer) clearTimeout(r.timer);
      r.timer = setTimeout(() => loop(r), 0);
    };
    loop(r);
  }

  function stopStation(id: string): void {
    const r = running.get(id);
    if (!r) return;
    r.stopped = true;
    if (r.timer) clearTimeout(r.timer);
    r.sd.close();
    running.delete(id);
  }

  async function reconcile(): Promise<void> {
    if (!active) return;
    const wanted = new Set(await d.runnableStations());
    for (const id of [...running.keys()]) if (!wanted.has(id)) stopStation(id);
    for (const id of wanted) if (!running.has(id)) await startStation(id);
  }

  function scheduleReconcile(): void {
    reconcileTimer = setTimeout(() => {
      reconcile()
        .catch((err: unknown) => d.log.error({ err }, 'director reconcile failed'))
        .finally(() => {
          if (active) scheduleReconcile();
        });
    }, reconcileMs);
  }

  async function activate(): Promise<void> {
    if (active) return;
    active = true;
    d.log.info('director: leading, taking over playout');
    await reconcile();
    scheduleReconcile();
  }

  function deactivate(): void {
    if (!active) return;
    active = false;
    if (reconcileTimer) clearTimeout(reconcileTimer);
    for (const id of [...running.keys()]) stopStation(id);
    d.log.info('director: not leading, playout left to the leader');
  }

  return {
    async start() {
      unsubscribe = d.leadership.onChange((leader) => {
        if (leader)
          activate().catch((err: unknown) => d.log.error({ err }, 'director start failed'));
        else deactivate();
      });
      if (d.leadership.isLeader()) await activate();
    },
    stop() {
      unsubscribe?.();
      deactivate();
      return Promise.resolve();
    },
    station: (id) => running.get(id)?.sd,
    reconcile,
  };
}
