// The face of `listeners`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { startEngineOutputBridge } from './engine-output-bridge.js';
export { registerListenerRoutes } from './listeners.routes.js';
export { createBroadcastRegistry } from './registry.js';
export type { HubTuning } from './registry.js';
