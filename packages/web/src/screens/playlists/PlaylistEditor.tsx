import {
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { clock } from '../../ui/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { AddTracks } from './AddTracks';
import { ImportExport } from './ImportExport';
import { PlaylistItems } from './PlaylistItems';
import { moveItem, toInput, type Overrides } from './playlist-items';
import {
  useDeletePlaylist,
  usePlaylistTracks,
  useReplaceItems,
  useUpdatePlaylist,
  type Playlist,
  type TrackItem,
} from './queries';

function Settings(props: {
  stationId: string;
  playlist: Playlist;
  canEdit: boolean;
  onDeleted: () => void;
}) {
  const { playlist: p } = props;
  const [name, setName] = useState(p.name);
  const [description, setDescription] = useState(p.description);
  const [armed, setArmed] = useState(false);
  const update = useUpdatePlaylist(props.stationId, p.id);
  const remove = useDeletePlaylist(props.stationId, p.id);
  const dirty = name.trim() !== p.name || description !== p.description;
  return (
    <Stack gap="xs">
      <form
        aria-label="Playlist settings"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ name: name.trim(), description });
        }}
      >
        <Stack gap="xs">
          <TextInput
            label="Name"
            value={name}
            required
            maxLength={200}
            readOnly={!props.canEdit}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            value={description}
            autosize
            minRows={1}
            maxLength={5000}
            readOnly={!props.canEdit}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          {props.canEdit && (
            <Group>
              <Button
                type="submit"
                size="sm"
                disabled={!dirty || name.trim() === ''}
                loading={update.isPending}
              >
                Save name
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <div>
        <Text size="sm" fw={500} id={`mode-${p.id}`} mb={4}>
          Play order
        </Text>
        <SegmentedControl
          aria-labelledby={`mode-${p.id}`}
          disabled={!props.canEdit || update.isPending}
          value={p.mode}
          onChange={(mode) => update.mutate({ mode: mode === 'shuffled' ? 'shuffled' : 'ordered' })}
          data={[
            { value: 'ordered', label: 'In order' },
            { value: 'shuffled', label: 'Shuffled' },
          ]}
        />
      </div>
      <ErrorNotice error={update.error} />
      {props.canEdit && (
        <Group>
          {armed ? (
            <>
              <Button
                size="compact-sm"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(undefined, { onSuccess: props.onDeleted })}
              >
                Delete {p.name}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setArmed(false)}>
                Keep it
              </Button>
            </>
          ) : (
            <Button size="compact-sm" color="red" variant="outline" onClick={() => setArmed(true)}>
              Delete playlist…
            </Button>
          )}
        </Group>
      )}
      <ErrorNotice error={remove.error} />
    </Stack>
  );
}

/** One playlist: settings, its items (ordered, with overrides), adding, import and export. */
export function PlaylistEditor(props: {
  stationId: string;
  playlist: Playlist;
  canEdit: boolean;
  onDeleted: () => void;
}) {
  const { stationId, playlist: p, canEdit } = props;
  const tracks = usePlaylistTracks(stationId, p.id);
  const replace = useReplaceItems(stationId, p.id);
  const items = tracks.data?.items ?? [];
  const save = (next: TrackItem[]) =>
    replace.mutate({ items: next.map(toInput), optimistic: next });
  const count = items.length;
  const unknown = tracks.data?.unknown_length_items ?? 0;
  return (
    <Stack>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pl-settings">
        <Title order={2} size="h4" id="pl-settings" mb="xs">
          Settings
        </Title>
        <Settings key={p.id} {...props} />
      </Card>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pl-items">
        <Group justify="space-between" mb="xs" wrap="nowrap" align="baseline">
          <Title order={2} size="h4" id="pl-items">
            Items
          </Title>
          <Text size="sm" c="dimmed" data-testid="playlist-total">
            {count} {count === 1 ? 'track' : 'tracks'} · {clock(tracks.data?.total_ms ?? 0)}
            {unknown > 0 ? ` (+${unknown} of unknown length)` : ''}
          </Text>
        </Group>
        <ErrorNotice error={tracks.error ?? replace.error} />
        {count === 0 && !tracks.isPending ? (
          <Text size="sm" c="dimmed">
            No tracks yet. {canEdit ? 'Add some from the library or import a file below.' : ''}
          </Text>
        ) : (
          <PlaylistItems
            items={items}
            canEdit={canEdit}
            onMove={(from, to) => save(moveItem(items, from, to))}
            onRemove={(index) => save(items.filter((_, i) => i !== index))}
            onOverrides={(index, o: Overrides) =>
              save(items.map((it, i) => (i === index ? { ...it, ...o } : it)))
            }
          />
        )}
      </Card>
      {canEdit && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pl-add">
          <Title order={2} size="h4" id="pl-add" mb="xs">
            Add from the library
          </Title>
          <AddTracks
            stationId={stationId}
            pending={replace.isPending}
            onAdd={(ids) =>
              replace.mutate({
                items: [...items.map(toInput), ...ids.map((media_id) => ({ media_id }))],
              })
            }
          />
        </Card>
      )}
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pl-files">
        <Title order={2} size="h4" id="pl-files" mb="xs">
          Import and export
        </Title>
        <ImportExport key={p.id} stationId={stationId} playlistId={p.id} canEdit={canEdit} />
      </Card>
    </Stack>
  );
}
