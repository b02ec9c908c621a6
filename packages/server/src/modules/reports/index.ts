// The face of `reports`: listener and royalty reports over the listener sessions (written by
// `listeners`) and the play history (written by playout). It reads; it never writes.
export { createReportsRepository } from './reports.repository.js';
export { registerReportRoutes } from './reports.routes.js';
export { createReportsService } from './reports.service.js';
