import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { stationRoute } from '../../routes/base';

/** The station's calendar (FullCalendar, a lazy chunk with luxon) and what will play. */
export const scheduleRoute = createRoute({
  getParentRoute: () => stationRoute,
  path: '/schedule',
  validateSearch: (s: Record<string, unknown>): { date?: string } =>
    typeof s.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.date) ? { date: s.date } : {},
  component: lazyRouteComponent(() => import('./SchedulePage'), 'SchedulePage'),
});
