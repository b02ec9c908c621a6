// The face of `stations`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createMembersRepository } from './members.repository.js';
export { createMembersService } from './members.service.js';
export { createMountsRepository } from './mounts.repository.js';
export type { MountRecord, MountsRepository } from './mounts.repository.js';
export { createMountsService } from './mounts.service.js';
export { createStationAccess } from './station-access.js';
export type { StationAccess } from './station-access.js';
export { createStationsRepository } from './stations.repository.js';
export type { StationRow, StationsRepository } from './stations.repository.js';
export { registerStationRoutes } from './stations.routes.js';
export { createStationsService } from './stations.service.js';
