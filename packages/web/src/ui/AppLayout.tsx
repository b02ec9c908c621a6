import {
  AppShell,
  Badge,
  Burger,
  Group,
  NavLink,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useSession } from '../session/useSession';
import { useEventsStatus } from '../events/events';
import { useCurrentStationId } from './current-station';
import { NAV } from './nav';
import { roleAtLeast } from '../session/roles';
import { StationSwitcher } from './StationSwitcher';
import { UserMenu } from './UserMenu';

function LiveDot() {
  const status = useEventsStatus();
  const label = status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting' : 'Offline';
  return (
    <Badge
      variant="dot"
      color={status === 'open' ? 'teal' : status === 'connecting' ? 'yellow' : 'red'}
      title="Live updates from the server"
      aria-label={`Live updates: ${label}`}
      style={{ flexShrink: 0 }}
    >
      {label}
    </Badge>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const s = useSession();
  const role = s.status === 'authenticated' ? s.user.role : undefined;
  const stationId = useCurrentStationId();
  const pathname = useRouterState({ select: (r) => r.location.pathname });
  const entries = NAV.filter(
    (e) => (e.minRole === undefined || roleAtLeast(role, e.minRole)) && (!e.station || stationId),
  );
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Text
              fw={700}
              component={Link}
              to="/"
              c="inherit"
              td="none"
              style={{ whiteSpace: 'nowrap' }}
            >
              Grimnir Radio
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm">
              <StationSwitcher />
            </Group>
            <LiveDot />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <Stack gap={4}>
          <VisuallyHidden component="h2">Navigation</VisuallyHidden>
          <Group hiddenFrom="sm" mb="sm">
            <StationSwitcher />
          </Group>
          {entries.map((e) => {
            const href = e.to.replace('$stationId', stationId ?? '');
            const active = e.to === '/' ? pathname === '/' : pathname.startsWith(href);
            return (
              <NavLink
                key={e.to}
                component={Link}
                to={href}
                label={e.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={close}
              />
            );
          })}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
