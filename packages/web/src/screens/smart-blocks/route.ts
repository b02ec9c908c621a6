import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** One station's smart blocks: the rule builder and a live preview with reasons. */
export const smartBlocksRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/smart-blocks',
  validateSearch: (s: Record<string, unknown>): { id?: string } =>
    typeof s.id === 'string' && s.id !== '' ? { id: s.id } : {},
  component: lazyRouteComponent(() => import('./SmartBlocksPage'), 'SmartBlocksPage'),
});
