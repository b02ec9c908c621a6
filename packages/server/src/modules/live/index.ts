// The face of `live`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export type { LiveEngine } from './live-sessions.js';
export { createLive } from './live.module.js';
export type { LiveModule } from './live.module.js';
export { registerLiveRoutes } from './live.routes.js';
