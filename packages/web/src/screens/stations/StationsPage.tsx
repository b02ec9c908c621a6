import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useNowPlaying, useStations } from '../../queries/station';
import type { Data } from '../../api/types';
import { alerts, listeners } from '../../events/events';
import { useListenerSnapshot } from '../../queries/listener-snapshot';
import { useLive } from '../../events/live-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { tierColor, tierLabel } from '../../ui/format';
import { stationHealth } from '../../ui/health';

type Station = Data<'/api/v1/stations'>[number];
const DEAD_AIR_RECENT_MS = 5 * 60_000;

function StationCard({ station }: { station: Station }) {
  const np = useNowPlaying(station.id);
  // Counts from the server at load, then the `listeners` events as they change.
  const snapshot = useListenerSnapshot(station.id);
  const live = useLive(listeners, station.id);
  const counts =
    snapshot === undefined && live === undefined ? undefined : { ...snapshot, ...live };
  const recent = useLive(alerts, station.id) ?? [];
  const deadAir = recent.some(
    (a) => a.kind === 'dead_air' && Date.now() - Date.parse(a.at) < DEAD_AIR_RECENT_MS,
  );
  const health = stationHealth({
    active: station.active,
    state: np.data?.state,
    hasCurrent: np.data?.current != null,
    recentDeadAir: deadAir,
    error: np.isError,
  });
  const total = counts === undefined ? undefined : Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-label={station.name}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Title order={2} size="h4" lineClamp={1}>
          {station.name}
        </Title>
        <Badge color={health.color} autoContrast title={health.detail} style={{ flexShrink: 0 }}>
          {health.label}
        </Badge>
      </Group>
      <Stack gap={2} mt="sm" mih={48}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Now playing
        </Text>
        {np.isPending ? (
          <Skeleton h={20} w="70%" />
        ) : (
          <Text fw={500} lineClamp={1} data-testid="now-playing-title">
            {np.data?.current?.title ?? 'Nothing on air'}
          </Text>
        )}
      </Stack>
      <Group mt="sm" gap="xs">
        <Badge color={tierColor(np.data?.tier_name)} variant="outline">
          {tierLabel(np.data?.tier_name)}
        </Badge>
        <Text size="sm" c="dimmed">
          {total === undefined ? 'Listeners: —' : `${total} listener${total === 1 ? '' : 's'}`}
        </Text>
      </Group>
      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/stations/$stationId/on-air" params={{ stationId: station.id }} />
        )}
        mt="md"
        fw={600}
        aria-label={`Open On Air for ${station.name}`}
      >
        Open On Air →
      </Anchor>
    </Card>
  );
}

export function StationsPage() {
  const stations = useStations();
  return (
    <Stack>
      <Title order={1}>Stations</Title>
      <ErrorNotice error={stations.error} title="Could not load the stations" />
      {stations.isPending && <Skeleton h={160} />}
      {stations.data?.length === 0 && (
        <Alert variant="light" title="No stations yet">
          You are not a member of any station. An administrator can add you to one.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {stations.data?.map((s) => (
          <StationCard key={s.id} station={s} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
