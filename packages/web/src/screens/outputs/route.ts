import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** Listener mounts and Icecast targets of one station, with their live state. */
export const outputsRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/outputs',
  component: lazyRouteComponent(() => import('./OutputsPage'), 'OutputsPage'),
});
