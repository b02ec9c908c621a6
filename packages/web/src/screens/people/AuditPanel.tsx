import {
  Button,
  Checkbox,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';
import { actorName, detailsSummary } from './audit-format';

const PAGE = 25;

export function AuditPanel({ stationId, admin }: { stationId: string; admin: boolean }) {
  const [actorInput, setActorInput] = useState('');
  const [actor] = useDebouncedValue(actorInput.trim(), 300);
  const [action, setAction] = useState<string | null>(null);
  // Managers only ever see their stations; admins may widen to every station and account.
  const [thisStation, setThisStation] = useState(true);
  const scope = thisStation || !admin ? stationId : undefined;
  const actions = useQuery({
    queryKey: ['audit-actions', scope],
    queryFn: () =>
      unwrap(api.GET('/api/v1/audit/actions', { params: { query: { station_id: scope } } })),
  });
  const log = useInfiniteQuery({
    queryKey: ['audit', scope, actor, action],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: PAGE,
              ...(scope !== undefined && { station_id: scope }),
              ...(actor !== '' && { actor }),
              ...(action !== null && { action }),
              ...(pageParam !== undefined && { before: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.next_before ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Actor"
          placeholder="user name"
          value={actorInput}
          onChange={(e) => setActorInput(e.currentTarget.value)}
          style={{ flex: '1 1 10rem' }}
        />
        <Select
          label="Action"
          placeholder="Any action"
          data={actions.data ?? []}
          value={action}
          onChange={setAction}
          clearable
          searchable
          style={{ flex: '1 1 10rem' }}
        />
        {admin && (
          <Checkbox
            label="This station only"
            checked={thisStation}
            onChange={(e) => setThisStation(e.currentTarget.checked)}
            mb={8}
          />
        )}
      </Group>
      <ErrorNotice error={log.error} />
      <ScrollTable label="Audit log" minWidth={640}>
        <Table verticalSpacing="xs" aria-label="Audit log" data-testid="audit-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-entry">
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {new Date(e.created_at).toLocaleString()}
                  </Text>
                </Table.Td>
                <Table.Td>{actorName(e)}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {detailsSummary(e.details)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {!log.isPending && entries.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing matches these filters.
        </Text>
      )}
      {log.hasNextPage && (
        <Group>
          <Button
            variant="default"
            loading={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            Older entries
          </Button>
        </Group>
      )}
    </Stack>
  );
}
