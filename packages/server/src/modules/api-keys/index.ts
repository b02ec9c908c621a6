// The face of `api-keys`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createApiKeysRepository } from './api-keys.repository.js';
export { registerApiKeyRoutes } from './api-keys.routes.js';
export { createApiKeysService } from './api-keys.service.js';
export type { ApiKeysService } from './api-keys.service.js';
