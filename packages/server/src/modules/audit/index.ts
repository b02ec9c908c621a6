// The face of `audit`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createAuditLog } from './audit.repository.js';
export type { AuditLog } from './audit.repository.js';
export { registerAuditRoutes } from './audit.routes.js';
export { createAuditService } from './audit.service.js';
