import { Badge, Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import { useSession } from '../../session/useSession';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';
import { timeOfDay } from '../../ui/format';
import { useLiveSessions } from './queries';

type Session = Data<'/api/v1/live/sessions'>[number];

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function KickButton({ session, stationId }: { session: Session; stationId: string }) {
  const qc = useQueryClient();
  const [armed, setArmed] = useState(false);
  const kick = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/live/sessions/{id}', { params: { path: { id: session.id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['station', stationId] }),
  });
  if (kick.isError) return <ErrorNotice error={kick.error} title="The DJ was not kicked" />;
  return armed ? (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-sm" color="red" loading={kick.isPending} onClick={() => kick.mutate()}>
        Kick {session.dj_name}
      </Button>
      <Button size="compact-sm" variant="default" onClick={() => setArmed(false)}>
        Cancel
      </Button>
    </Group>
  ) : (
    <Button size="compact-sm" color="red" variant="light" onClick={() => setArmed(true)}>
      Kick…
    </Button>
  );
}

export function SessionsCard({ stationId, manager }: { stationId: string; manager: boolean }) {
  const sessions = useLiveSessions(stationId);
  const s = useSession();
  const me = s.status === 'authenticated' ? s.user.id : undefined;
  const rows = sessions.data ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="sessions-title">
      <Title order={2} size="h4" id="sessions-title" mb="xs">
        Live sessions
      </Title>
      <ErrorNotice error={sessions.error} />
      {rows.length === 0 && !sessions.isPending ? (
        <Text size="sm" c="dimmed">
          No DJ has connected to this station yet.
        </Text>
      ) : (
        <ScrollTable label="Live sessions" minWidth={560}>
          <Table verticalSpacing="xs" aria-labelledby="sessions-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>DJ</Table.Th>
                <Table.Th>Mount</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Action</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="live-session">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.dj_name}
                    </Text>
                    {r.title && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {r.title}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{r.mount}</Table.Td>
                  <Table.Td>{timeOfDay(r.started_at)}</Table.Td>
                  <Table.Td>
                    {r.active ? (
                      <Badge color="grape.9" autoContrast>
                        On air
                      </Badge>
                    ) : (
                      <Badge color="gray.7">{r.end_reason ?? 'ended'}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{megabytes(r.bytes_received)}</Table.Td>
                  <Table.Td>
                    {r.active && (manager || (r.user_id === me && r.token_id === null)) && (
                      <KickButton session={r} stationId={stationId} />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}
