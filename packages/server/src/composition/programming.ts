import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import type { Clock } from '../infra/clock.js';
import type { Leadership } from '../infra/leadership.js';
import { createClocksRepository } from '../modules/programming/clocks/clocks.repository.js';
import { registerClockRoutes } from '../modules/programming/clocks/clocks.routes.js';
import { createClocksService } from '../modules/programming/clocks/clocks.service.js';
import { createPlaylistsRepository } from '../modules/programming/playlists/playlists.repository.js';
import { registerPlaylistRoutes } from '../modules/programming/playlists/playlists.routes.js';
import { createPlaylistsService } from '../modules/programming/playlists/playlists.service.js';
import { createScheduleRepository } from '../modules/programming/schedule/schedule.repository.js';
import {
  registerScheduleRoutes,
  registerShowRoutes,
} from '../modules/programming/schedule/schedule.routes.js';
import { createScheduleService } from '../modules/programming/schedule/schedule.service.js';
import { createShowsRepository } from '../modules/programming/schedule/shows.repository.js';
import { createShowsService } from '../modules/programming/schedule/shows.service.js';
import { createLibraryRepository } from '../modules/programming/planner/library.repository.js';
import type { ProgrammeRepos } from '../modules/programming/planner/programme-loader.js';
import {
  inProcessLock,
  type SchedulerLock,
} from '../modules/programming/scheduler/scheduler-lock.js';
import { createSchedulerMetrics } from '../modules/programming/scheduler/scheduler-metrics.js';
import {
  createSchedulerService,
  type SchedulerLog,
} from '../modules/programming/scheduler/scheduler.service.js';
import { createSmartBlocksRepository } from '../modules/programming/smart-blocks/smart-blocks.repository.js';
import { registerSmartBlockRoutes } from '../modules/programming/smart-blocks/smart-blocks.routes.js';
import { createSmartBlocksService } from '../modules/programming/smart-blocks/smart-blocks.service.js';
import type { StationAccess } from '../modules/stations/station-access.js';
import type { StationsRepository } from '../modules/stations/stations.repository.js';

export interface ProgrammingDeps {
  db: Db;
  stations: StationsRepository;
  access: StationAccess;
  clock: Clock;
  leadership: Leadership;
  registry: Registry;
  log: SchedulerLog;
  scheduler: { lookaheadMs: number; tickIntervalMs: number };
  /** Multi-instance deployments pass a Redis-backed lock; one process uses memory. */
  lock?: SchedulerLock;
}

/** Smart blocks, playlists, clocks, shows, schedule and the scheduler loop, wired explicitly. */
export function buildProgramming(d: ProgrammingDeps) {
  const repos: ProgrammeRepos = {
    schedule: createScheduleRepository(d.db),
    shows: createShowsRepository(d.db),
    clocks: createClocksRepository(d.db),
    smartBlocks: createSmartBlocksRepository(d.db),
    playlists: createPlaylistsRepository(d.db),
    library: createLibraryRepository(d.db),
  };
  const scheduler = createSchedulerService({
    repos,
    stations: {
      activeStations: async () => (await d.stations.list({})).filter((s) => s.active),
      find: (id) => d.stations.findById(id),
    },
    clock: d.clock,
    lock: d.lock ?? inProcessLock(),
    leadership: d.leadership,
    metrics: createSchedulerMetrics(d.registry),
    log: d.log,
    ...d.scheduler,
  });
  const common = { access: d.access, clock: d.clock };
  const schedule = createScheduleService({
    db: d.db,
    schedule: repos.schedule,
    shows: repos.shows,
    stations: d.stations,
    scheduler,
    ...common,
  });
  const services = {
    smartBlocks: createSmartBlocksService({
      blocks: repos.smartBlocks,
      library: repos.library,
      schedule: repos.schedule,
      ...common,
    }),
    playlists: createPlaylistsService({ playlists: repos.playlists, ...common }),
    clocks: createClocksService({ repos, stations: d.stations, ...common }),
    schedule,
    shows: createShowsService({
      shows: repos.shows,
      schedule: repos.schedule,
      scheduleService: schedule,
      stations: d.stations,
      ...common,
    }),
  };
  return {
    repos,
    services,
    scheduler,
    registerRoutes(app: FastifyInstance): void {
      registerSmartBlockRoutes(app, services.smartBlocks);
      registerPlaylistRoutes(app, services.playlists);
      registerClockRoutes(app, services.clocks);
      registerScheduleRoutes(app, services.schedule);
      registerShowRoutes(app, services.shows);
    },
  };
}
export type Programming = ReturnType<typeof buildProgramming>;
