import type { QueryClient } from '@tanstack/react-query';
import { createRouter } from '@tanstack/react-router';
import { appRoute, loginRoute, rootRoute, stationRoute } from './routes/base';
import { clocksRoute } from './screens/clocks/route';
import { cueEditorRoute } from './screens/library/cues/route';
import { libraryRoute } from './screens/library/route';
import { liveRoute } from './screens/live/route';
import { onAirRoute } from './screens/onair/route';
import { outputsRoute } from './screens/outputs/route';
import { peopleRoute } from './screens/people/route';
import { playlistsRoute } from './screens/playlists/route';
import { smartBlocksRoute } from './screens/smart-blocks/route';
import { webstreamsRoute } from './screens/webstreams/route';
import { scheduleRoute } from './screens/schedule/route';
import { reportsRoute } from './screens/reports/route';
import { stationsRoute } from './screens/stations/route';

// The route tree: one line per screen. Helpers add their routes here (and a NAV entry in
// ui/nav.ts); each screen defines its route beside itself, parented on routes/base.ts.
const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    stationsRoute,
    stationRoute.addChildren([
      onAirRoute,
      libraryRoute,
      cueEditorRoute,
      liveRoute,
      peopleRoute,
      outputsRoute,
      playlistsRoute,
      smartBlocksRoute,
      webstreamsRoute,
      clocksRoute,
      scheduleRoute,
      reportsRoute,
    ]),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
