import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** Listener and royalty reports of one station, with charts and downloads (managers). */
export const reportsRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/reports',
  component: lazyRouteComponent(() => import('./ReportsPage'), 'ReportsPage'),
});
