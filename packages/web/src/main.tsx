import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { connectEvents } from './events/events';
import { ReconnectingNotice } from './events/ReconnectingNotice';
import { makeRouter } from './router';
import { restore, session } from './session/session';
import { useSession } from './session/useSession';
import { cssVariables, theme } from './ui/theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers do not get better by asking again; network errors and 5xx do.
      retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
      refetchOnWindowFocus: true,
    },
  },
});
const router = makeRouter(queryClient);

/** One events socket while logged in; the router re-checks its guards on login and logout. */
function Session() {
  const s = useSession();
  useEffect(() => {
    void router.invalidate();
    if (s.status !== 'authenticated') return;
    return connectEvents(queryClient, session);
  }, [s.status]);
  return (
    <>
      <RouterProvider router={router} />
      {s.status === 'authenticated' && <ReconnectingNotice />}
    </>
  );
}

// Restoring the session first (one request) means the first screen is the right one: the
// console for a returning user, the login form otherwise — never a flash of the other.
await restore();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <Session />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
