import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** One station's playlists: items, order, overrides, .m3u/.pls import and export. */
export const playlistsRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/playlists',
  validateSearch: (s: Record<string, unknown>): { id?: string } =>
    typeof s.id === 'string' && s.id !== '' ? { id: s.id } : {},
  component: lazyRouteComponent(() => import('./PlaylistsPage'), 'PlaylistsPage'),
});
