import { Button, Card, Group, Select, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { sourceName, type ProgrammeSources } from '../../queries/programme-sources';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useFallback } from './queries';

type FallbackType = 'smart_block' | 'playlist';

/** The programme for every minute nothing else covers (else a rotation of the library). */
export function FallbackCard(props: {
  stationId: string;
  sources: ProgrammeSources | undefined;
  manager: boolean;
  onSaved: () => Promise<void>;
}) {
  const current = useFallback(props.stationId);
  const src = current.data?.source ?? null;
  const [type, setType] = useState<string | null>(null);
  const [id, setId] = useState<string | null>(null);
  const shownType = type ?? src?.type ?? 'none';
  const shownId = type === null ? (src?.id ?? null) : id;
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/schedule/fallback', {
          body: {
            station_id: props.stationId,
            source:
              shownType === 'none' || shownId === null
                ? null
                : { type: shownType as FallbackType, id: shownId },
          },
        }),
      ),
    onSuccess: async () => {
      setType(null);
      await props.onSaved();
    },
  });
  const dirty = type !== null;
  const name = src ? (sourceName(props.sources, src.type, src.id) ?? src.type) : undefined;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="fallback-title">
      <Title order={2} size="h4" id="fallback-title" mb={4}>
        Fallback programme
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Plays in every minute no show, entry or clock covers.{' '}
        <span data-testid="fallback-now">
          Now:{' '}
          {name
            ? `${src?.type === 'playlist' ? 'playlist' : 'smart block'} “${name}”`
            : 'a rotation of the whole library'}
          .
        </span>
      </Text>
      {props.manager && (
        <Group align="flex-end" gap="sm">
          <Select
            label="Fallback plays"
            w={200}
            data={[
              { value: 'none', label: 'The whole library' },
              { value: 'smart_block', label: 'Smart block' },
              { value: 'playlist', label: 'Playlist' },
            ]}
            value={shownType}
            allowDeselect={false}
            onChange={(v) => {
              setType(v);
              setId(null);
            }}
          />
          {shownType !== 'none' && (
            <Select
              label="Fallback source"
              placeholder="Choose…"
              w={240}
              data={props.sources?.[shownType as FallbackType] ?? []}
              value={shownId}
              onChange={(v) => {
                setType(shownType);
                setId(v);
              }}
              nothingFoundMessage="None on this station yet"
            />
          )}
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!dirty || (shownType !== 'none' && shownId === null)}
          >
            Save fallback
          </Button>
        </Group>
      )}
      <ErrorNotice error={current.error ?? save.error} />
    </Card>
  );
}
