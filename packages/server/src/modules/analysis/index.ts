// The face of `analysis`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { createAnalysisQueue } from './analysis-queue.js';
export { createAnalysisRepository } from './analysis.repository.js';
