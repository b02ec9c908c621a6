// The face of `media`: what the composition root and other features may use.
// Everything else in this folder is private to it (checked by dependency-cruiser).
export { absoluteMediaPath, relativeSidePath } from './media-paths.js';
export { createMediaRepository } from './media.repository.js';
export { registerMediaRoutes } from './media.routes.js';
export { WAVEFORM_SUFFIX, artworkMime, createMediaService } from './media.service.js';
export { tmpDir } from './media-paths.js';
export type { MediaService } from './media.service.js';
export type { AnnounceMedia } from './media-changes.js';
export { AUDIO_FILE_EXTENSIONS } from './media-sniff.js';
