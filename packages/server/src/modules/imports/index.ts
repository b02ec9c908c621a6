// The face of `imports`: bulk import of a folder into a station's library, used by the
// `grimnirradio import` command and by the API's import jobs.
export { importOrder, isImportable } from './audio-files.js';
export { importFiles } from './import-run.js';
export {
  addOutcome,
  emptyTally,
  exitCode,
  processed,
  type Ending,
  type Failure,
  type Tally,
} from './import-tally.js';
export { walkFiles } from './walk.js';
export { createImportJobs } from './import-jobs.js';
export { prepareImportRoot } from './import-root.js';
export { createImportJobsRepository } from './import-jobs.repository.js';
export { registerImportRoutes } from './imports.routes.js';
