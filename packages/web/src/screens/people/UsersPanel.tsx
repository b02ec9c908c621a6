import {
  Button,
  Group,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';

type Role = 'admin' | 'manager' | 'dj' | 'viewer';
const ROLES: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer' },
  { value: 'dj', label: 'DJ' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
];
const asRole = (v: string | null): Role =>
  v === 'admin' || v === 'manager' || v === 'dj' ? v : 'viewer';
const KEY = ['users'];

function CreateUser() {
  const qc = useQueryClient();
  const [form, setForm] = useState({ username: '', email: '', password: '', role: 'dj' as Role });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users', { body: { ...form, active: true } })),
    onSuccess: () => {
      setForm({ username: '', email: '', password: '', role: 'dj' });
      return qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const field = (k: 'username' | 'email' | 'password') => ({
    value: form[k],
    required: true,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [k]: e.currentTarget.value }),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h5">
          New user
        </Title>
        <Group align="flex-end" gap="sm">
          <TextInput label="New user name" style={{ flex: '1 1 10rem' }} {...field('username')} />
          <TextInput
            label="E-mail"
            type="email"
            style={{ flex: '1 1 12rem' }}
            {...field('email')}
          />
          <PasswordInput
            label="Initial password"
            description="At least 8 characters"
            style={{ flex: '1 1 10rem' }}
            {...field('password')}
          />
          <Select
            label="Global role"
            data={ROLES}
            value={form.role}
            allowDeselect={false}
            onChange={(v) => setForm({ ...form, role: asRole(v) })}
            style={{ flex: '1 1 8rem' }}
          />
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
        <ErrorNotice error={create.error} title="The user was not created" />
      </Stack>
    </form>
  );
}

/** Every account (admins only): global role and whether it may log in. */
export function UsersPanel() {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v1/users')) });
  const update = useMutation({
    mutationFn: (v: { id: string; role?: Role; active?: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: v.id } },
          body: {
            ...(v.role !== undefined && { role: v.role }),
            ...(v.active !== undefined && { active: v.active }),
          },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <Stack>
      <ErrorNotice error={users.error ?? update.error} />
      <ScrollTable label="Users" minWidth={640}>
        <Table verticalSpacing="xs" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Global role</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th>Last login</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.username}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Global role of ${u.username}`}
                    data={ROLES}
                    value={u.role}
                    allowDeselect={false}
                    size="xs"
                    w={130}
                    onChange={(v) => update.mutate({ id: u.id, role: asRole(v) })}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${u.username} may log in`}
                    checked={u.active}
                    onChange={(e) => update.mutate({ id: u.id, active: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  {u.last_login_at ? new Date(u.last_login_at).toLocaleString() : 'never'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <CreateUser />
    </Stack>
  );
}
