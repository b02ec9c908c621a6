import type { FastifyInstance } from 'fastify';
import type { GrimnirEvent } from '@grimnir/contracts';
import type { Registry } from 'prom-client';
import type { Db, DbConfig } from '../db/database.js';
import type { Clock } from '../infra/clock.js';
import { leaderFence } from '../infra/fencing.js';
import type { LeaderCommands } from '../infra/leader-commands.js';
import type { Leadership } from '../infra/leadership.js';
import { refreshOnTheLeader, type PlanRefresher } from './schedule-refresh.js';
import {
  createClocksService,
  createPlanWorkers,
  createPlaylistsService,
  createProgrammeRepos,
  createScheduleService,
  createSchedulerMetrics,
  createSchedulerService,
  createShowsService,
  createSmartBlocksService,
  planWithWorkers,
  planWorkerCount,
  registerClockRoutes,
  registerPlaylistRoutes,
  registerScheduleRoutes,
  registerShowRoutes,
  registerSmartBlockRoutes,
  type ProgrammeRepos,
  type SchedulerLock,
  type SchedulerLog,
} from '../modules/programming/index.js';
import type { StationAccess } from '../modules/stations/index.js';
import type { StationsRepository } from '../modules/stations/index.js';

interface ProgrammingDeps {
  db: Db;
  /** How the scheduler's plan worker threads open their own read-only connection. */
  dbConfig: DbConfig;
  stations: StationsRepository;
  access: StationAccess;
  clock: Clock;
  leadership: Leadership;
  /** Refreshes asked of a follower run on the leader. */
  commands: LeaderCommands;
  registry: Registry;
  log: SchedulerLog;
  scheduler: { lookaheadMs: number; tickIntervalMs: number };
  /**
   * Per-station build lock: Redis-backed when replicas share a database, in-process for one
   * process. Required, so no runtime can forget the one it needs.
   */
  lock: SchedulerLock;
  /** The station event bus: the scheduler says when a station's plan changed. */
  events: { publish(ev: Extract<GrimnirEvent, { type: 'schedule_update' }>): void };
}

/** The CRUD sub-features' services over the room's repositories. */
function programmingServices(d: ProgrammingDeps, repos: ProgrammeRepos, scheduler: PlanRefresher) {
  const common = { access: d.access, clock: d.clock };
  const schedule = createScheduleService({
    db: d.db,
    schedule: repos.schedule,
    shows: repos.shows,
    stations: d.stations,
    scheduler,
    ...common,
  });
  return {
    smartBlocks: createSmartBlocksService({
      blocks: repos.smartBlocks,
      library: repos.library,
      schedule: repos.schedule,
      ...common,
    }),
    playlists: createPlaylistsService({ playlists: repos.playlists, ...common }),
    clocks: createClocksService({
      clocks: repos.clocks,
      programme: repos,
      stations: d.stations,
      ...common,
    }),
    schedule,
    shows: createShowsService({
      shows: repos.shows,
      schedule: repos.schedule,
      scheduleService: schedule,
      stations: d.stations,
      ...common,
    }),
  };
}

/** Smart blocks, playlists, clocks, shows, schedule and the scheduler loop, wired explicitly. */
export function buildProgramming(d: ProgrammingDeps) {
  const repos = createProgrammeRepos(d.db);
  // The plan tables are shared by the room's own Kysely types; the fence row is one table.
  const schedulerFence = leaderFence(d.db, d.leadership, 'scheduler');
  // Started on the first plan (followers never plan); stopped with the server.
  const planWorkers = createPlanWorkers({ size: planWorkerCount(), db: d.dbConfig, log: d.log });
  const scheduler = createSchedulerService({
    repos,
    stations: {
      activeStations: async () => (await d.stations.list()).filter((s) => s.active),
      find: (id) => d.stations.findById(id),
    },
    clock: d.clock,
    lock: d.lock,
    leadership: d.leadership,
    fence: (tx) => schedulerFence.guard(tx as unknown as Db),
    metrics: createSchedulerMetrics(d.registry),
    plan: planWithWorkers(repos, planWorkers),
    log: d.log,
    ...d.scheduler,
    announce: (c) =>
      d.events.publish({
        type: 'schedule_update',
        payload: {
          station_id: c.stationId,
          at: d.clock.now().toISOString(),
          start: new Date(c.startMs).toISOString(),
          end: new Date(c.endMs).toISOString(),
          reason: c.reason,
        },
      }),
  });
  const refresher = refreshOnTheLeader({
    scheduler,
    leadership: d.leadership,
    commands: d.commands,
    stations: d.stations,
  });
  const services = programmingServices(d, repos, refresher);
  return {
    repos,
    services,
    scheduler,
    stopCommands: refresher.stop,
    /** After the scheduler stopped: ends the plan worker threads. */
    stopPlanWorkers: () => planWorkers.close(),
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
