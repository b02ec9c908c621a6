import { Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useStationRole, useStations } from '../../queries/station';
import { EmergencyControl, SkipControl } from './Controls';
import { History } from './History';
import { LiveStatus } from './LiveStatus';
import { NowPlayingCard } from './NowPlayingCard';
import { Queue } from './Queue';
import { UpNext } from './UpNext';

export function OnAirPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/on-air' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const role = useStationRole(stationId);
  // Skip, queue and emergency need the DJ role on the station (the API checks the same).
  const canControl = role === 'dj' || role === 'manager';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>On Air{station ? ` · ${station.name}` : ''}</Title>
        {role && (
          <Badge variant="outline" color="gray" title="Your role on this station">
            {role}
          </Badge>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <NowPlayingCard stationId={stationId} />
            {canControl ? (
              <SkipControl stationId={stationId} />
            ) : (
              <Card withBorder padding="sm">
                <Text size="sm" c="dimmed">
                  You can watch this station; controls need the DJ role.
                </Text>
              </Card>
            )}
            <History stationId={stationId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <UpNext stationId={stationId} />
            <LiveStatus stationId={stationId} />
            <Queue stationId={stationId} canEdit={canControl} />
            {canControl && <EmergencyControl stationId={stationId} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
