// The face of `demo`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createDemoStation } from './demo-station.js';
