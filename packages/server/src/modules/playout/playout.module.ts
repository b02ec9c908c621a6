import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../infra/clock.js';
import { leaderFence } from '../../infra/fencing.js';
import type { CommandResult, LeaderCommands } from '../../infra/leader-commands.js';
import type { Leadership } from '../../infra/leadership.js';
import type { AuditLog } from '../audit/index.js';
import type { MountsRepository } from '../stations/index.js';
import type { StationAccess } from '../stations/index.js';
import type { StationsRepository } from '../stations/index.js';
import { createPlayoutService } from './api/playout.service.js';
import { createDirector, type Director } from './director/director.js';
import { fencedDirectorStore } from './director/fenced-store.js';
import { createPlayoutMetrics } from './director/playout.metrics.js';
import { StationDirector } from './director/station-director.js';
import type { StationPlayoutConfig } from './engine/engine-sync.js';
import { createPlayoutRepository } from './playout.repository.js';
import type { EngineControl, EventPublisher, UpcomingItems } from './ports.js';

interface PlayoutDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  access: StationAccess;
  stations: StationsRepository;
  mounts: MountsRepository;
  mediaRoot: string;
  deadAirSeconds: number;
  /** GRIMNIR_ICECAST_SOURCE_PASSWORD: for Icecast targets stored without a password of their own. */
  icecastSourcePassword: string | undefined;
  engine: EngineControl;
  commands: LeaderCommands;
  /** The schedule module's materialised items; empty means fallback plays. */
  upcoming: UpcomingItems;
  events: EventPublisher;
  /** True while no replica can lead (Leadership.leaderless). */
  leaderless: () => boolean;
}

const ENGINE_NO_ACK: CommandResult = {
  status: 'failed',
  code: 'engine_unavailable',
  message: 'the media engine did not acknowledge',
};

/** Playout's one face: the API service now, the director once the root starts it. */
export function createPlayout(d: PlayoutDeps) {
  const repo = createPlayoutRepository(d.db);
  let director: Director | undefined;

  async function stationConfig(stationId: string): Promise<StationPlayoutConfig | undefined> {
    const s = await d.stations.findById(stationId);
    if (!s) return undefined;
    const mounts = await d.mounts.listByStation(stationId);
    return {
      crossfadeMs: s.crossfade_ms,
      crossfadeCurve: s.crossfade_curve,
      loudnessTargetLufs: s.loudness_target_lufs,
      outputs: mounts.map((m) => ({
        mount: m.name,
        format: m.format,
        bitrateKbps: m.bitrateKbps,
        sampleRate: m.sampleRate,
        channels: m.channels,
        icecast: m.icecast && {
          ...m.icecast,
          password: m.icecast.password ?? d.icecastSourcePassword ?? '',
        },
      })),
    };
  }

  /** The leader's side of the commands: what the engine did, or why nothing happened. */
  function handleCommands(dir: Director, log: FastifyBaseLogger): void {
    const onStation =
      (fn: (sd: StationDirector) => Promise<void> | void) =>
      async ({ stationId }: { stationId: string }): Promise<CommandResult> => {
        const sd = dir.station(stationId);
        if (!sd) return { status: 'not_running' };
        try {
          await fn(sd);
          return { status: 'done' };
        } catch (err) {
          log.warn(
            { err, station_id: stationId },
            'leader command: the engine did not acknowledge',
          );
          return ENGINE_NO_ACK;
        }
      };
    d.commands.handle(
      'priority.apply',
      onStation((sd) => sd.applyNow()),
    );
    d.commands.handle(
      'playout.skip',
      onStation((sd) => sd.skip()),
    );
    d.commands.handle(
      'playout.queue_changed',
      onStation((sd) => sd.queueChanged()),
    );
    d.commands.handle(
      'playout.stop',
      onStation((sd) => sd.setEnabled(false)),
    );
    d.commands.handle('director.reconcile', async () => {
      await dir.reconcile();
      return { status: 'done' };
    });
  }

  const service = createPlayoutService({
    repo,
    stations: d.stations,
    access: d.access,
    audit: d.audit,
    clock: d.clock,
    upcoming: d.upcoming,
    commands: d.commands,
    events: d.events,
    engine: d.engine,
    leaderless: d.leaderless,
  });

  return {
    repo,
    service,
    director: () => director,
    /** Starts the director; it acts only while this replica leads. */
    async startDirector(opts: {
      leadership: Leadership;
      registry: Registry;
      log: FastifyBaseLogger;
    }): Promise<Director> {
      const metrics = createPlayoutMetrics(opts.registry);
      // Play history and executor rows are the leader's: a stale leader's writes are refused.
      const store = fencedDirectorStore(repo, leaderFence(d.db, opts.leadership, 'director'));
      const dir = createDirector({
        leadership: opts.leadership,
        runnableStations: () => repo.runnableStationIds(),
        log: opts.log,
        makeStation: (stationId) =>
          new StationDirector({
            stationId,
            engine: d.engine,
            upcoming: d.upcoming,
            store,
            config: () => stationConfig(stationId),
            clock: d.clock,
            events: d.events,
            metrics,
            log: opts.log,
            mediaRoot: d.mediaRoot,
            deadAirMs: d.deadAirSeconds * 1000,
          }),
      });
      director = dir;
      handleCommands(dir, opts.log);
      await dir.start();
      return dir;
    },
  };
}
export type Playout = ReturnType<typeof createPlayout>;
