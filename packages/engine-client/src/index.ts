export * from './engine-client.js';
export * from './engine-router.js';
export { loadMediaEngineService } from './proto.js';
