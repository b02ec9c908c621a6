import {
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useStationRole, useStations } from '../../queries/station';
import type { Data } from '../../api/types';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ScrollTable } from '../../ui/ScrollTable';
import { MountForm } from './MountForm';
import { useMounts } from '../../queries/station';
import { useOutputs } from './queries';
import { outputState } from './state';

type Mount = Data<'/api/v1/stations/{id}/mounts'>[number];

function MountRow({
  stationId,
  mount,
  manager,
  stacked,
  onEdit,
}: {
  stationId: string;
  mount: Mount;
  manager: boolean;
  /** A phone: one block per mount instead of a table row that scrolls its state out of view. */
  stacked: boolean;
  onEdit: () => void;
}) {
  const qc = useQueryClient();
  const live = useOutputs(stationId).data;
  const state = live?.mounts.find((m) => m.mount_id === mount.id);
  const shown = outputState(live === undefined ? undefined : (state?.output ?? null));
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/stations/{id}/mounts/{mountId}', {
          params: { path: { id: stationId, mountId: mount.id } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['station', stationId] }),
  });
  const name = (
    <>
      <Text fw={500}>{mount.name}</Text>
      <Text size="xs" c="dimmed">
        /stream/{mount.name}
      </Text>
    </>
  );
  const format = `${mount.format.toUpperCase()} ${mount.bitrate_kbps} kbit/s`;
  const target = mount.icecast ? (
    <>
      <Text size="sm">
        {mount.icecast.host}:{mount.icecast.port}
        {mount.icecast.mount}
      </Text>
      <Text size="xs" c="dimmed">
        user {mount.icecast.user} · password {mount.icecast.password_set ? 'set' : 'not set'}
      </Text>
    </>
  ) : (
    <Text size="sm" c="dimmed">
      none
    </Text>
  );
  const badge = (
    <Badge color={shown.color} autoContrast data-testid="mount-state">
      {live === undefined ? '…' : shown.label}
    </Badge>
  );
  const actions = manager && (
    <>
      <Group gap={4} wrap="nowrap">
        <Button
          size="compact-sm"
          variant="default"
          onClick={onEdit}
          aria-label={`Edit ${mount.name}`}
        >
          Edit
        </Button>
        <ConfirmDelete
          name={mount.name}
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      </Group>
      {remove.isError && <ErrorNotice error={remove.error} />}
    </>
  );
  if (stacked)
    return (
      <Stack
        gap={6}
        py="sm"
        data-testid="mount-row"
        role="listitem"
        style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>{name}</div>
          {badge}
        </Group>
        <Text size="sm">
          {format} · <span data-testid="mount-listeners">{state?.listeners ?? '—'}</span> listeners
        </Text>
        <div>
          <Text size="xs" c="dimmed">
            Icecast target
          </Text>
          {target}
        </div>
        {actions}
      </Stack>
    );
  return (
    <Table.Tr data-testid="mount-row">
      <Table.Td>{name}</Table.Td>
      <Table.Td>{format}</Table.Td>
      <Table.Td data-testid="mount-listeners">{state?.listeners ?? '—'}</Table.Td>
      <Table.Td>{target}</Table.Td>
      <Table.Td>{badge}</Table.Td>
      {manager && <Table.Td>{actions}</Table.Td>}
    </Table.Tr>
  );
}

export function OutputsPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/outputs' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const manager = useStationRole(stationId) === 'manager';
  const mounts = useMounts(stationId);
  const outputs = useOutputs(stationId);
  // 'new', a mount id being edited, or nothing.
  const [editing, setEditing] = useState<string | undefined>();
  const edited = mounts.data?.find((m) => m.id === editing);
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const rows = (mounts.data ?? []).map((m) => (
    <MountRow
      key={m.id}
      stationId={stationId}
      mount={m}
      manager={manager}
      stacked={phone}
      onEdit={() => setEditing(m.id)}
    />
  ));
  return (
    <Stack>
      <Title order={1}>Outputs{station ? ` · ${station.name}` : ''}</Title>
      {outputs.data && !outputs.data.engine_reachable && (
        <Text size="sm" c="orange" role="status">
          The media engine is not answering: output states are unknown.
        </Text>
      )}
      <ErrorNotice error={mounts.error} />
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="mounts-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="mounts-title">
            Mounts
          </Title>
          {manager && editing === undefined && (
            <Button size="sm" onClick={() => setEditing('new')}>
              New mount
            </Button>
          )}
        </Group>
        {phone ? (
          <Stack gap={0} role="list" aria-labelledby="mounts-title">
            {rows}
          </Stack>
        ) : (
          <ScrollTable label="Mounts" minWidth={720}>
            <Table verticalSpacing="xs" aria-labelledby="mounts-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mount</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th>Listeners</Table.Th>
                  <Table.Th>Icecast target</Table.Th>
                  <Table.Th>State</Table.Th>
                  {manager && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{rows}</Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Card>
      {manager && editing !== undefined && (
        <Card
          withBorder
          radius="md"
          padding="md"
          component="section"
          aria-labelledby="mount-form-title"
        >
          <Title order={2} size="h4" id="mount-form-title" mb="xs">
            {edited ? `Edit ${edited.name}` : 'New mount'}
          </Title>
          <MountForm
            key={editing}
            stationId={stationId}
            {...(edited && { mount: edited })}
            onDone={() => setEditing(undefined)}
          />
        </Card>
      )}
    </Stack>
  );
}
