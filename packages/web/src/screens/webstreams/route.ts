import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** One station's webstreams: URLs in failover order, write-only credentials, health, test now. */
export const webstreamsRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/webstreams',
  component: lazyRouteComponent(() => import('./WebstreamsPage'), 'WebstreamsPage'),
});
