import { Badge, Button, Card, Grid, NavLink, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useStationRole, useStations } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { describeRule } from './clock-model';
import { ClockEditor } from './ClockEditor';
import { useClocks } from './queries';

/** Hour clocks: the list, and the chosen (or a new) clock in the editor. */
export function ClocksPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/clocks' });
  const { clock: chosenId } = useSearch({ from: '/app/stations/$stationId/clocks' });
  const navigate = useNavigate({ from: '/stations/$stationId/clocks' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const manager = useStationRole(stationId) === 'manager';
  const clocks = useClocks(stationId);
  const list = clocks.data ?? [];
  const chosen = chosenId === 'new' ? undefined : list.find((c) => c.id === chosenId);
  const open = (clock: string | undefined) =>
    void navigate({ search: clock === undefined ? {} : { clock }, replace: true });
  const editing = chosenId === 'new' || chosen !== undefined;
  return (
    <Stack>
      <Title order={1}>Clocks{station ? ` · ${station.name}` : ''}</Title>
      <ErrorNotice error={clocks.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder radius="md" padding="xs" component="nav" aria-label="Clocks">
            {list.map((c) => (
              <NavLink
                key={c.id}
                label={c.name}
                description={
                  c.hours.length === 0 ? 'only by schedule' : c.hours.map(describeRule).join('; ')
                }
                active={c.id === chosenId}
                color="gray"
                onClick={() => open(c.id)}
                rightSection={
                  <Badge size="xs" variant="light" color="gray">
                    {c.slots.length} slots
                  </Badge>
                }
                component="button"
              />
            ))}
            {clocks.isSuccess && list.length === 0 && (
              <Text size="sm" c="dimmed" p="xs">
                No clocks yet. A clock shapes an hour: which source plays from which minute.
              </Text>
            )}
            {manager && (
              <Button fullWidth mt="xs" variant="light" onClick={() => open('new')}>
                New clock
              </Button>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {editing && station ? (
            <ClockEditor
              key={chosenId}
              stationId={stationId}
              timezone={station.timezone}
              clock={chosen}
              manager={manager}
              onSaved={(id) => open(id)}
              onDeleted={() => open(undefined)}
            />
          ) : (
            <Text c="dimmed" size="sm">
              Choose a clock{manager ? ', or make a new one' : ''}.
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
