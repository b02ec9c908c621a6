import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** Live DJs on one station: who is on air, DJ accounts, one-time tokens, sessions. */
export const liveRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/live',
  component: lazyRouteComponent(() => import('./LivePage'), 'LivePage'),
});
