// The face of `playout`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { registerPlayoutRoutes } from './api/playout.routes.js';
export type { PlayoutService } from './api/playout.service.js';
export { engineControlFromClient } from './engine/engine-adapter.js';
export { createPlayout } from './playout.module.js';
export type { Playout } from './playout.module.js';
export type {
  EngineControl,
  EventPublisher,
  PlayoutEvent,
  UpcomingItem,
  UpcomingItems,
} from './ports.js';
export { TIER, TIER_NAMES } from './priority/priority-resolver.js';
export { scheduleUpcomingItems } from './schedule-upcoming.js';
