// The face of `webstreams`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createWebstreams } from './webstreams.module.js';
export type { Webstreams } from './webstreams.module.js';
export { createWebstreamsRepository } from './webstreams.repository.js';
export type { WebstreamTables } from './webstreams.repository.js';
