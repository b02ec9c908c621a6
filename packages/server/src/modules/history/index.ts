// The face of `history`: what the composition root may use. It reads the play history the
// playout director writes; everything else in this folder is private to it.
export { createHistoryRepository } from './history.repository.js';
export { registerHistoryRoutes } from './history.routes.js';
export { createHistoryService } from './history.service.js';
