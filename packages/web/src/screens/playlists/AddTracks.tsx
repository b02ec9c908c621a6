import { Button, Checkbox, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMediaSearch } from '../../queries/station';
import { clock } from '../../ui/format';
import { ErrorNotice } from '../../ui/ErrorNotice';

/** Searches the library on the server; ticked tracks are added together, in list order. */
export function AddTracks(props: {
  stationId: string;
  pending: boolean;
  onAdd: (mediaIds: string[]) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const results = useMediaSearch(props.stationId, q.trim());
  const [picked, setPicked] = useState<string[]>([]);
  const items = results.data?.items ?? [];
  const toggle = (id: string, on: boolean) =>
    setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  const allShown = items.length > 0 && items.every((m) => picked.includes(m.id));
  return (
    <Stack gap="xs">
      <TextInput
        label="Search the library"
        placeholder="Title, artist, album or genre"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <ErrorNotice error={results.error} />
      <Group justify="space-between">
        <Checkbox
          label="Select all shown"
          checked={allShown}
          indeterminate={!allShown && items.some((m) => picked.includes(m.id))}
          disabled={items.length === 0}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setPicked((p) =>
              on
                ? [...p, ...items.map((m) => m.id).filter((id) => !p.includes(id))]
                : p.filter((id) => !items.some((m) => m.id === id)),
            );
          }}
        />
        <Button
          size="sm"
          disabled={picked.length === 0}
          loading={props.pending}
          onClick={() => {
            props.onAdd(picked);
            setPicked([]);
          }}
        >
          Add selected ({picked.length})
        </Button>
      </Group>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap={2} role="list" aria-label="Library results">
          {items.map((m) => (
            <Group key={m.id} role="listitem" gap="xs" wrap="nowrap" data-testid="library-result">
              <Checkbox
                checked={picked.includes(m.id)}
                onChange={(e) => toggle(m.id, e.currentTarget.checked)}
                aria-label={`Select ${m.artist ? `${m.artist} – ` : ''}${m.title}`}
              />
              <Text size="sm" lineClamp={1} style={{ flex: 1, minWidth: 0 }}>
                {m.artist ? `${m.artist} – ` : ''}
                {m.title}
              </Text>
              <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {m.duration_ms === null ? '—' : clock(m.duration_ms)}
              </Text>
            </Group>
          ))}
          {items.length === 0 && !results.isFetching && (
            <Text size="sm" c="dimmed">
              No track matches.
            </Text>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
