// The face of `uploads` (resumable tus uploads into the media library): what the composition
// root may use. Everything else in this folder is private to it.
export { registerUploadRoutes } from './uploads.routes.js';
export { createUploadsService } from './uploads.service.js';
