import {
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';
import { useMembers } from './queries';

const ROLE_OPTIONS = [
  { value: 'dj', label: 'DJ (can go live)' },
  { value: 'manager', label: 'Manager (live, kick, edit)' },
];

function AddDj({ stationId }: { stationId: string }) {
  const qc = useQueryClient();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'dj' | 'manager'>('dj');
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/stations/{id}/members', {
          params: { path: { id: stationId } },
          body: { username: username.trim(), role },
        }),
      ),
    onSuccess: () => {
      setUsername('');
      return qc.invalidateQueries({ queryKey: ['station', stationId, 'members'] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
      aria-label="Add a DJ"
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="User name"
            description="An existing account"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            required
            style={{ flex: '1 1 12rem' }}
          />
          <Select
            label="Role on this station"
            data={ROLE_OPTIONS}
            value={role}
            onChange={(v) => setRole(v === 'manager' ? 'manager' : 'dj')}
            allowDeselect={false}
            style={{ flex: '1 1 12rem' }}
          />
          <Button type="submit" loading={add.isPending} disabled={username.trim() === ''}>
            Add DJ
          </Button>
        </Group>
        <ErrorNotice error={add.error} title="The DJ was not added" />
      </Stack>
    </form>
  );
}

/** Who may go live here: members whose effective role is DJ or manager, with active accounts. */
export function DjAccountsCard({ stationId, manager }: { stationId: string; manager: boolean }) {
  const members = useMembers(stationId);
  const rows = members.data ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="djs-title">
      <Title order={2} size="h4" id="djs-title" mb="xs">
        DJ accounts
      </Title>
      <ErrorNotice error={members.error} />
      <ScrollTable label="DJ accounts" minWidth={420}>
        <Table verticalSpacing="xs" aria-labelledby="djs-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role here</Table.Th>
              <Table.Th>Can go live</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => {
              const live =
                m.active && (m.effective_role === 'dj' || m.effective_role === 'manager');
              return (
                <Table.Tr key={m.user_id}>
                  <Table.Td>{m.username}</Table.Td>
                  <Table.Td>
                    {m.effective_role}
                    {m.effective_role !== m.role && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (member as {m.role}, capped by the {m.user_role} account)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={live ? 'teal.9' : 'gray.7'} autoContrast>
                      {live ? 'Yes' : m.active ? 'No' : 'Disabled'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {manager && (
        <Stack mt="md">
          <AddDj stationId={stationId} />
        </Stack>
      )}
    </Card>
  );
}
