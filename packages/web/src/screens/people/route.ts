import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** People and keys: station members, users (admins), API keys, the audit log. */
export const peopleRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./PeoplePage'), 'PeoplePage'),
});
