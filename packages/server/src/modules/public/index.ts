// The face of `public`: the listeners' side of the API, without credentials.
export { createNowPlayingPush } from './nowplaying-push.js';
export { createPublicRepository } from './public.repository.js';
export { registerPublicRoutes } from './public.routes.js';
export { createPublicService } from './public.service.js';
export type { PublicStation } from './public.repository.js';
export { registerPublicPages } from './public-pages.js';
