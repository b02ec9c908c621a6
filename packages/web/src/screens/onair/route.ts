import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** One station on air: what plays, what comes, controls. */
export const onAirRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/on-air',
  component: lazyRouteComponent(() => import('./OnAirPage'), 'OnAirPage'),
});
