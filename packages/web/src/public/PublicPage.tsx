import { Alert, Card, Container, Divider, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { View } from './api';
import { RecentlyPlayed, StreamLinks, UpNext } from './Lists';
import { NowPlayingCard } from './NowPlayingCard';
import { Player } from './Player';
import { Schedule } from './Schedule';
import { useNowPlaying } from './useNowPlaying';

/**
 * A station's page for listeners, and its widgets for other sites: `embed` (player and now
 * playing), `history` (recent plays) and `schedule` (the week ahead) are the same parts without
 * the page around them.
 */
export function PublicPage({ slug, view }: { slug: string; view: View }) {
  const state = useNowPlaying(slug);
  const name = state.status === 'ready' ? state.doc.station.name : undefined;
  useEffect(() => {
    if (name) document.title = `${name} · listen live`;
  }, [name]);
  if (state.status === 'loading')
    return (
      <Container size="sm" py="xl">
        <Loader aria-label="Loading the station" />
      </Container>
    );
  if (state.status === 'error')
    return (
      <Container size="sm" py="xl">
        <Alert color="red" title="Station not available" role="alert">
          {state.message}
        </Alert>
      </Container>
    );
  const { doc } = state;
  const player = <Player url={doc.station.listen_url} stationName={doc.station.name} />;
  if (view === 'history')
    return (
      <Container size="sm" p="sm">
        <RecentlyPlayed doc={doc} />
      </Container>
    );
  if (view === 'schedule')
    return (
      <Container size="sm" p="sm">
        <Schedule slug={slug} />
      </Container>
    );
  if (view === 'embed')
    return (
      <Container size="sm" p="sm">
        <Stack gap="sm">
          <NowPlayingCard doc={doc} />
          {player}
        </Stack>
      </Container>
    );
  return (
    <Container size="sm" py="lg" px="md">
      <Stack gap="lg">
        <header>
          <Title order={1} size="h2">
            {doc.station.name}
          </Title>
          {doc.station.description && (
            <Text c="dimmed" mt={4}>
              {doc.station.description}
            </Text>
          )}
        </header>
        <main>
          <Card withBorder padding="lg" radius="md">
            <Stack gap="lg">
              <NowPlayingCard doc={doc} />
              {player}
            </Stack>
          </Card>
        </main>
        <UpNext doc={doc} />
        <Divider />
        <RecentlyPlayed doc={doc} />
        <Divider />
        <Schedule slug={slug} />
        <Divider />
        <StreamLinks doc={doc} />
        <Text size="xs" c="dimmed">
          {doc.listeners.total === 1 ? '1 listener' : `${doc.listeners.total} listeners`} now
        </Text>
      </Stack>
    </Container>
  );
}
