// The face of `users`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createUsersRepository } from './users.repository.js';
export type { UsersRepository } from './users.repository.js';
export { registerUserRoutes } from './users.routes.js';
export { createUsersService } from './users.service.js';
export type { UsersService } from './users.service.js';
