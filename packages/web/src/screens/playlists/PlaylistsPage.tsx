import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NavLink,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useStationRole, useStations } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PlaylistEditor } from './PlaylistEditor';
import { useCreatePlaylist, usePlaylists } from './queries';

function NewPlaylist(props: { stationId: string; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'ordered' | 'shuffled'>('ordered');
  const create = useCreatePlaylist(props.stationId);
  return (
    <form
      aria-label="New playlist"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { name: name.trim(), mode },
          {
            onSuccess: (p) => {
              setName('');
              props.onCreated(p.id);
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <TextInput
          label="New playlist name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Play order of the new playlist"
          size="xs"
          value={mode}
          onChange={(m) => setMode(m === 'shuffled' ? 'shuffled' : 'ordered')}
          data={[
            { value: 'ordered', label: 'In order' },
            { value: 'shuffled', label: 'Shuffled' },
          ]}
        />
        <Group>
          <Button type="submit" size="sm" disabled={name.trim() === ''} loading={create.isPending}>
            Create playlist
          </Button>
        </Group>
        <ErrorNotice error={create.error} />
      </Stack>
    </form>
  );
}

export function PlaylistsPage() {
  const { stationId } = useParams({ from: '/app/stations/$stationId/playlists' });
  const { id } = useSearch({ from: '/app/stations/$stationId/playlists' });
  const navigate = useNavigate({ from: '/stations/$stationId/playlists' });
  const station = useStations().data?.find((s) => s.id === stationId);
  const role = useStationRole(stationId);
  const canEdit = role === 'manager' || role === 'dj';
  const playlists = usePlaylists(stationId);
  const list = playlists.data ?? [];
  const selected = list.find((p) => p.id === id) ?? (id === undefined ? list[0] : undefined);
  const select = (next: string | undefined) =>
    void navigate({ search: next === undefined ? {} : { id: next } });
  return (
    <Stack>
      <Title order={1}>Playlists{station ? ` · ${station.name}` : ''}</Title>
      <ErrorNotice error={playlists.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="pl-list">
            <Title order={2} size="h4" id="pl-list" mb="xs">
              All playlists
            </Title>
            {list.length === 0 && !playlists.isPending && (
              <Text size="sm" c="dimmed" mb="sm">
                No playlists yet.
              </Text>
            )}
            <Stack gap={2} mb="md" component="nav" aria-label="Playlists">
              {list.map((p) => (
                <NavLink
                  key={p.id}
                  href={`?id=${p.id}`}
                  active={p.id === selected?.id}
                  aria-current={p.id === selected?.id ? 'page' : undefined}
                  label={p.name}
                  description={`${p.items.length} ${p.items.length === 1 ? 'track' : 'tracks'}`}
                  rightSection={
                    p.mode === 'shuffled' ? (
                      <Badge size="xs" variant="outline" color="grape">
                        shuffled
                      </Badge>
                    ) : undefined
                  }
                  onClick={(e) => {
                    e.preventDefault();
                    select(p.id);
                  }}
                  data-testid="playlist-link"
                  // The active row's tint takes the description's light colour under 4.5:1.
                  styles={{ description: { color: 'var(--mantine-color-dimmed)' } }}
                />
              ))}
            </Stack>
            {canEdit && <NewPlaylist stationId={stationId} onCreated={select} />}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {selected ? (
            <PlaylistEditor
              key={selected.id}
              stationId={stationId}
              playlist={selected}
              canEdit={canEdit}
              onDeleted={() => select(undefined)}
            />
          ) : (
            id !== undefined &&
            !playlists.isPending && <Text c="dimmed">This playlist does not exist (any more).</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
