import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { LoginPage } from '../screens/login/LoginPage';
import { session } from '../session/session';
import { Root } from '../ui/Root';

// The skeleton every screen hangs from. Screens import their parent route from here and
// router.tsx assembles the tree (one line per route), so no screen imports another.

interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Root });

/** Every page behind the login: the shell (header, navigation, station switcher). */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: ({ location }) => {
    if (session.get().status !== 'authenticated')
      // TanStack Router's guards throw its redirect object, not an Error.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw redirect({ to: '/login', search: { redirect: location.href } });
  },
  // Lazy: the login page (a new session's first screen) loads without the shell's header,
  // navigation and station switcher.
  component: lazyRouteComponent(() => import('../ui/AppLayout'), 'AppLayout'),
});

/** One station's pages: /stations/{id}/on-air, /stations/{id}/library, … */
export const stationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/stations/$stationId',
});

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } =>
    typeof s.redirect === 'string' && s.redirect.startsWith('/') ? { redirect: s.redirect } : {},
  // Not lazy: it is the first screen of every new session.
  component: LoginPage,
});
