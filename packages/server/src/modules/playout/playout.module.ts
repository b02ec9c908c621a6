import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../infra/clock.js';
import type { Leadership } from '../../infra/leadership.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { MountsRepository } from '../stations/mounts.repository.js';
import type { StationAccess } from '../stations/station-access.js';
import type { StationsRepository } from '../stations/stations.repository.js';
import { createDirector, type Director } from './director/director.js';
import { createPlayoutMetrics } from './director/playout.metrics.js';
import { createPlayoutRepository } from './playout.repository.js';
import { createPlayoutService } from './api/playout.service.js';
import {
  inMemoryUpcomingItems,
  type EngineControl,
  type EventPublisher,
  type UpcomingItems,
} from './ports.js';
import { StationDirector } from './director/station-director.js';
import type { StationPlayoutConfig } from './engine/engine-sync.js';

/** What a deployment plugs into playout; every part has a safe default. */
export interface PlayoutPorts {
  /** Without an engine this process serves the playout API but drives no audio. */
  engine?: EngineControl;
  /** The schedule module's materialised items; empty means fallback plays. */
  upcoming?: UpcomingItems;
  events?: EventPublisher;
}

interface ModuleDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  access: StationAccess;
  stations: StationsRepository;
  mounts: MountsRepository;
  mediaRoot: string;
  deadAirSeconds: number;
  ports: PlayoutPorts;
}

export function createPlayoutModule(d: ModuleDeps) {
  const repo = createPlayoutRepository(d.db);
  const upcoming = d.ports.upcoming ?? inMemoryUpcomingItems();
  const events: EventPublisher = d.ports.events ?? { publish: () => undefined };
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
        icecast: m.icecast && { ...m.icecast, password: m.icecast.password ?? '' },
      })),
    };
  }

  const service = createPlayoutService({
    repo,
    stations: d.stations,
    access: d.access,
    audit: d.audit,
    clock: d.clock,
    upcoming,
    director: () => director,
  });

  return {
    repo,
    service,
    director: () => director,
    /** Starts the director when an engine is wired; it acts only while this process leads. */
    async startDirector(opts: {
      leadership: Leadership;
      registry: Registry;
      log: FastifyBaseLogger;
    }): Promise<Director | undefined> {
      const engine = d.ports.engine;
      if (!engine) return undefined;
      const metrics = createPlayoutMetrics(opts.registry);
      director = createDirector({
        leadership: opts.leadership,
        runnableStations: () => repo.runnableStationIds(),
        log: opts.log,
        makeStation: (stationId) =>
          new StationDirector({
            stationId,
            engine,
            upcoming,
            store: repo,
            config: () => stationConfig(stationId),
            clock: d.clock,
            events,
            metrics,
            log: opts.log,
            mediaRoot: d.mediaRoot,
            deadAirMs: d.deadAirSeconds * 1000,
          }),
      });
      await director.start();
      return director;
    },
  };
}
export type PlayoutModule = ReturnType<typeof createPlayoutModule>;
