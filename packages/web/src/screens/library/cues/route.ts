import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../../routes/base';

/**
 * One item's cue/fade editor. Lazy: wavesurfer lives in this screen's chunk only, so the
 * shell's first load does not carry it.
 */
export const cueEditorRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/library/$mediaId',
  component: lazyRouteComponent(() => import('./CueEditorPage'), 'CueEditorPage'),
});
