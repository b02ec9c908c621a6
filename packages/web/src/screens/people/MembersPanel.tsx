import {
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';

type StationRole = 'manager' | 'dj' | 'viewer';
const ROLES: { value: StationRole; label: string }[] = [
  { value: 'viewer', label: 'Viewer' },
  { value: 'dj', label: 'DJ' },
  { value: 'manager', label: 'Manager' },
];
const asRole = (v: string | null): StationRole => (v === 'manager' || v === 'dj' ? v : 'viewer');

/** Station members and their roles; managers add, change and remove them. */
export function MembersPanel({ stationId, manager }: { stationId: string; manager: boolean }) {
  const qc = useQueryClient();
  const key = ['station', stationId, 'members'];
  const members = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/members', { params: { path: { id: stationId } } })),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<StationRole>('dj');
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
      return refresh();
    },
  });
  const change = useMutation({
    mutationFn: (v: { userId: string; role: StationRole }) =>
      unwrap(
        api.PUT('/api/v1/stations/{id}/members/{userId}', {
          params: { path: { id: stationId, userId: v.userId } },
          body: { role: v.role },
        }),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      unwrap(
        api.DELETE('/api/v1/stations/{id}/members/{userId}', {
          params: { path: { id: stationId, userId } },
        }),
      ),
    onSettled: refresh,
  });
  return (
    <Stack>
      <ErrorNotice error={members.error ?? change.error ?? remove.error} />
      <ScrollTable label="Station members" minWidth={480}>
        <Table verticalSpacing="xs" aria-label="Station members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role on this station</Table.Th>
              <Table.Th>Account</Table.Th>
              {manager && (
                <Table.Th>
                  <VisuallyHidden>Action</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data ?? []).map((m) => (
              <Table.Tr key={m.user_id} data-testid="member-row">
                <Table.Td>{m.username}</Table.Td>
                <Table.Td>
                  {manager ? (
                    <Select
                      aria-label={`Role of ${m.username}`}
                      data={ROLES}
                      value={m.role}
                      allowDeselect={false}
                      onChange={(v) => change.mutate({ userId: m.user_id, role: asRole(v) })}
                      w={140}
                      size="xs"
                    />
                  ) : (
                    m.role
                  )}
                  {m.effective_role !== m.role && (
                    <Text size="xs" c="dimmed">
                      acts as {m.effective_role} ({m.user_role} account)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {m.user_role}
                  {!m.active && ' · disabled'}
                </Table.Td>
                {manager && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="outline"
                      color="red"
                      onClick={() => remove.mutate(m.user_id)}
                      aria-label={`Remove ${m.username} from this station`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {manager && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Stack gap="xs">
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Add member"
                placeholder="user name"
                value={username}
                required
                onChange={(e) => setUsername(e.currentTarget.value)}
                style={{ flex: '2 1 12rem' }}
              />
              <Select
                label="Role"
                data={ROLES}
                value={role}
                allowDeselect={false}
                onChange={(v) => setRole(asRole(v))}
                style={{ flex: '1 1 8rem' }}
              />
              <Button type="submit" loading={add.isPending} disabled={username.trim() === ''}>
                Add
              </Button>
            </Group>
            <ErrorNotice error={add.error} title="The member was not added" />
          </Stack>
        </form>
      )}
    </Stack>
  );
}
