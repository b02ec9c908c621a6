// The face of `health`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { HEALTH_REUSE_MS, VERSION, registerHealthRoutes } from './health.routes.js';
