import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../routes/base';

/** The landing page after login: every station the user may see. */
export const stationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./StationsPage'), 'StationsPage'),
});
