import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** Hour clocks of one station: slots by offset, the hours they apply to, a simulated hour. */
export const clocksRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/clocks',
  validateSearch: (s: Record<string, unknown>): { clock?: string } =>
    typeof s.clock === 'string' ? { clock: s.clock } : {},
  component: lazyRouteComponent(() => import('./ClocksPage'), 'ClocksPage'),
});
