import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clock as duration } from '../../ui/format';
import { ScrollTable } from '../../ui/ScrollTable';
import { slotTypeInfo, type SlotType } from './clock-model';

/** Local time in the station's zone, e.g. 14:03:07. */
function localTime(iso: string, timezone: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone: timezone, hour12: false });
}

/**
 * One hour of the saved clock planned from the station's real library, nothing stored: what
 * each slot would play, with the reason the planner gives.
 */
export function SimulatePanel(props: { clockId: string; timezone: string; dirty: boolean }) {
  const [seed, setSeed] = useState('');
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/clocks/{id}/simulate', {
          params: { path: { id: props.clockId } },
          body: seed.trim() === '' ? {} : { seed: seed.trim() },
        }),
      ),
  });
  const r = run.data;
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <TextInput
          label="Seed (optional)"
          description="The same seed gives the same hour"
          value={seed}
          onChange={(e) => setSeed(e.currentTarget.value)}
          w={220}
        />
        <Button onClick={() => run.mutate()} loading={run.isPending} disabled={props.dirty}>
          Simulate an hour
        </Button>
      </Group>
      {props.dirty && (
        <Text size="sm" c="dimmed">
          Save the clock to simulate your changes.
        </Text>
      )}
      <ErrorNotice error={run.error} />
      {r && (
        <Stack gap="xs" data-testid="simulation">
          <Text size="sm">
            {localTime(r.starts_at, props.timezone)}–{localTime(r.ends_at, props.timezone)} (
            {props.timezone}): {r.items.length} items in {r.slots.length} slots
          </Text>
          <ScrollTable label="Simulated hour" minWidth={560}>
            <Table verticalSpacing={4} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Starts</Table.Th>
                  <Table.Th>Item</Table.Th>
                  <Table.Th>Length</Table.Th>
                  <Table.Th>From</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.items.map((it) => (
                  <Table.Tr key={it.id} data-testid="simulated-item">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {localTime(it.starts_at, props.timezone)}
                      {it.hard_start && (
                        <Badge size="xs" ml={6} color="red.8">
                          hard start
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={1}>
                        {it.kind === 'live'
                          ? `Live${it.label ? `: ${it.label}` : ''}`
                          : `${it.title ?? it.label ?? it.kind}${it.artist ? ` — ${it.artist}` : ''}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {duration(Date.parse(it.ends_at) - Date.parse(it.starts_at))}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {slotTypeInfo(it.source_type as SlotType).label}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      )}
    </Stack>
  );
}
