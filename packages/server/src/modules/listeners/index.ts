// The face of `listeners`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { startEngineOutputBridge } from './engine-output-bridge.js';
export { registerListenerRoutes } from './listeners.routes.js';
export { registerOutputRoutes } from './outputs.routes.js';
export { CONTENT_TYPES, createBroadcastRegistry } from './registry.js';
export type { HubTuning } from './registry.js';
export { createListenerSessionsRepository } from './sessions.repository.js';
export { createSessionTracker } from './sessions.js';
export type { SessionTracker, TrackerOptions } from './sessions.js';
export { createRelayPoller } from './sessions-relays.js';
export type { RelayTarget } from './sessions-relays.js';
