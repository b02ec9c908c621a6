// The face of `events`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createEventStream } from './event-stream.js';
export type { EventStreamOptions } from './event-stream.js';
export { registerEventRoutes } from './events.routes.js';
