import { Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useStationRole, useStations } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { BlockEditor } from './BlockEditor';
import { useSaveSmartBlock, useSmartBlocks } from './queries';

function NewBlock(props: { stationId: string; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const create = useSaveSmartBlock(props.stationId);
  return (
    <form
      aria-label="New smart block"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { name: name.trim() },
          {
            onSuccess: (b) => {
              setName('');
              props.onCreated(b.id);
            },
          },
        );
      }}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="New smart block name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.currentTarget.value)}
          style={{ flex: '1 1 200px' }}
        />
        <Button type="submit" disabled={name.trim() === ''} loading={create.isPending}>
          Create smart block
        </Button>
      </Group>
      <ErrorNotice error={create.error} />
    </form>
  );
}

export function SmartBlocksPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/smart-blocks' });
  const { id } = useSearch({ from: '/app/stations/$stationId/smart-blocks' });
  const navigate = useNavigate({ from: '/stations/$stationId/smart-blocks' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const canEdit = useStationRole(stationId) === 'manager';
  const blocks = useSmartBlocks(stationId);
  const list = blocks.data ?? [];
  const selected = list.find((b) => b.id === id) ?? (id === undefined ? list[0] : undefined);
  const select = (next: string | undefined) =>
    void navigate({ search: next === undefined ? {} : { id: next } });
  return (
    <Stack>
      <Title order={1}>Smart blocks{station ? ` · ${station.name}` : ''}</Title>
      <ErrorNotice error={blocks.error} />
      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Smart block"
            value={selected?.id ?? ''}
            disabled={list.length === 0}
            data={
              list.length === 0
                ? [{ value: '', label: 'No smart blocks yet' }]
                : list.map((b) => ({ value: b.id, label: b.name }))
            }
            onChange={(e) => select(e.currentTarget.value || undefined)}
            style={{ flex: '1 1 220px' }}
          />
          {canEdit && (
            <div style={{ flex: '2 1 320px' }}>
              <NewBlock stationId={stationId} onCreated={select} />
            </div>
          )}
        </Group>
      </Card>
      {selected ? (
        <BlockEditor
          key={selected.id}
          stationId={stationId}
          block={selected}
          canEdit={canEdit}
          onDeleted={() => select(undefined)}
        />
      ) : (
        id !== undefined &&
        !blocks.isPending && <Text c="dimmed">This smart block does not exist (any more).</Text>
      )}
    </Stack>
  );
}
