import { Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useStationRole, useStations } from '../../queries/station';
import { tierColor, tierLabel } from '../../ui/format';
import { DjAccountsCard } from './DjAccountsCard';
import { OwnLoginCard } from './OwnLoginCard';
import { usePriority } from '../../queries/station';
import { useLiveSessions } from './queries';
import { SessionsCard } from './SessionsCard';
import { TokenCard } from './TokenCard';

function OnAirNow({ stationId }: { stationId: string }) {
  const priority = usePriority(stationId);
  const sessions = useLiveSessions(stationId);
  const live = (sessions.data ?? []).filter((s) => s.active);
  const tier = priority.data?.tier_name;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="onair-title">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} size="h4" id="onair-title">
          On air now
        </Title>
        <Badge color={tierColor(tier)} data-testid="live-tier">
          {tierLabel(tier)}
        </Badge>
      </Group>
      <Text mt="xs" data-testid="on-air-dj">
        {live.length > 0
          ? live.map((s) => `${s.dj_name} on ${s.mount}`).join(', ')
          : 'No DJ is live; automation is playing.'}
      </Text>
    </Card>
  );
}

export function LivePage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/live' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const role = useStationRole(stationId);
  const dj = role === 'dj' || role === 'manager';
  const manager = role === 'manager';
  return (
    <Stack>
      <Title order={1}>Live{station ? ` · ${station.name}` : ''}</Title>
      <OnAirNow stationId={stationId} />
      <Grid>
        {dj && (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TokenCard stationId={stationId} />
          </Grid.Col>
        )}
        {dj && (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <OwnLoginCard stationId={stationId} />
          </Grid.Col>
        )}
        <Grid.Col span={12}>
          <SessionsCard stationId={stationId} manager={manager} />
        </Grid.Col>
        <Grid.Col span={12}>
          <DjAccountsCard stationId={stationId} manager={manager} />
        </Grid.Col>
      </Grid>
      {!dj && role !== undefined && (
        <Text size="sm" c="dimmed">
          Your role on this station is {role}: going live needs the DJ role.
        </Text>
      )}
    </Stack>
  );
}
