import {
  Alert,
  Button,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import { CopyField } from '../../ui/CopyField';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';

type Created = Data<'/api/v1/api-keys', 'post'>;
const KEYS = ['api-keys'];

function date(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleDateString();
}

function CreateKey({ onCreated }: { onCreated: (k: Created) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/api-keys', {
          body: { name: name.trim(), ...(Number(days) > 0 && { expires_in_days: Number(days) }) },
        }),
      ),
    onSuccess: (k) => {
      setName('');
      onCreated(k);
      return qc.invalidateQueries({ queryKey: KEYS });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Key name"
            placeholder="Automation script"
            value={name}
            maxLength={100}
            required
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: '2 1 12rem' }}
          />
          <NumberInput
            label="Expires after (days)"
            description="Empty: never"
            min={1}
            max={3650}
            value={days}
            onChange={setDays}
            style={{ flex: '1 1 8rem' }}
          />
          <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
            Create key
          </Button>
        </Group>
        <ErrorNotice error={create.error} title="No key was created" />
      </Stack>
    </form>
  );
}

/** The caller's own API keys: the secret is shown once, at creation. */
export function ApiKeysPanel() {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const [created, setCreated] = useState<Created | undefined>();
  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEYS }),
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Keys act as you, with your role, sent as the <code>X-API-Key</code> header.
      </Text>
      {created ? (
        <Stack gap="sm" data-testid="api-key-created">
          <Alert color="yellow" variant="light" title="Shown once">
            Copy the key now: only its hash is stored and it cannot be shown again.
          </Alert>
          <CopyField label={`API key “${created.name}”`} value={created.key} secret />
          <Group>
            <Button variant="default" onClick={() => setCreated(undefined)}>
              Done, hide the key
            </Button>
          </Group>
        </Stack>
      ) : (
        <CreateKey onCreated={setCreated} />
      )}
      <ErrorNotice error={keys.error ?? revoke.error} />
      <ScrollTable label="Your API keys" minWidth={560}>
        <Table verticalSpacing="xs" aria-label="Your API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key starts</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Action</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.data ?? []).map((k) => (
              <Table.Tr key={k.id} data-testid="api-key-row">
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>
                  <code>{k.prefix}…</code>
                </Table.Td>
                <Table.Td>{date(k.created_at)}</Table.Td>
                <Table.Td>{date(k.expires_at)}</Table.Td>
                <Table.Td>{date(k.last_used_at)}</Table.Td>
                <Table.Td>
                  {k.revoked_at === null ? (
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="outline"
                      loading={revoke.isPending && revoke.variables === k.id}
                      onClick={() => revoke.mutate(k.id)}
                      aria-label={`Revoke ${k.name}`}
                    >
                      Revoke
                    </Button>
                  ) : (
                    <Text size="xs" c="dimmed">
                      revoked
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
