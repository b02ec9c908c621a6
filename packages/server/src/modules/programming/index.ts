// The programming room's one face: smart blocks, playlists, clocks, shows and schedule entries,
// the planner and the scheduler loop. Code outside the room imports programming from here only
// (.dependency-cruiser.js checks it); inside, files import each other directly.
//   core/          pure: tracks, randomness, time zones, recurrence, conflicts, clock compiler,
//                  smart-block selection, plan types, fill and segments — functions of (data, now, rng)
//   planner/       the planner, the programme loader and its ports, materialization, library reads
//   scheduler/     the loop on the leader, its per-station locks and metrics
//   smart-blocks/ playlists/ clocks/ schedule/   the CRUD sub-features (schedule: shows + entries)
// Sub-rooms depend one way: schedule → scheduler → planner → core; smart-blocks and clocks →
// planner → core; smart-blocks → schedule (recent items for previews); playlists on none.

export { createProgrammeRepos, type ProgrammeRepos } from './repositories.js';
export { createClocksService } from './clocks/clocks.service.js';
export { registerClockRoutes } from './clocks/clocks.routes.js';
export { createPlaylistsService } from './playlists/playlists.service.js';
export { registerPlaylistRoutes } from './playlists/playlists.routes.js';
export { createScheduleRepository } from './schedule/schedule.repository.js';
export { createScheduleService } from './schedule/schedule.service.js';
export { createShowsService } from './schedule/shows.service.js';
export { registerScheduleRoutes, registerShowRoutes } from './schedule/schedule.routes.js';
export { createSmartBlocksService } from './smart-blocks/smart-blocks.service.js';
export { registerSmartBlockRoutes } from './smart-blocks/smart-blocks.routes.js';
export { planStation } from './planner/planner.js';
export { createPlanWorkers, planWorkerCount } from './planner/plan-workers.js';
export { planOnThisThread, planWithWorkers } from './planner/station-planner.js';
export {
  createSchedulerService,
  type SchedulerLog,
  type RefreshResult,
  type SchedulerService,
  type StationRef,
} from './scheduler/scheduler.service.js';
export { createSchedulerMetrics } from './scheduler/scheduler-metrics.js';
export { inProcessLock, type SchedulerLock } from './scheduler/scheduler-lock.js';
export { redisSchedulerLock } from './scheduler/redis-scheduler-lock.js';
export type { ClockDef } from './core/clock-compiler.js';
export type { StationPlanInput } from './core/plan-types.js';
export { prepareSmartBlock } from './core/prepare.js';
export { createRng } from './core/rng.js';
export { runPreparedBlock } from './core/smart-block-engine.js';
export type { Track } from './core/track.js';
export { createListingsRepository } from './listings/listings.repository.js';
export { createListingsService } from './listings/listings.service.js';
export type { Listing } from './core/listings.js';
