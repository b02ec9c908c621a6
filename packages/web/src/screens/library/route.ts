import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';
import { parseLibrarySearch } from './library-search';

/** One station's library: search, sort, filter, tag editing, duplicates, failed analyses. */
export const libraryRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/library',
  validateSearch: parseLibrarySearch,
  component: lazyRouteComponent(() => import('./LibraryPage'), 'LibraryPage'),
});
