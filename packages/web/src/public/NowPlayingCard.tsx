import { Badge, Group, Image, Progress, Stack, Text, Title } from '@mantine/core';
import type { NowPlayingDoc } from './api';
import { clock, useNowSeconds } from './useNowPlaying';

export function NowPlayingCard({ doc }: { doc: NowPlayingDoc }) {
  const now = useNowSeconds();
  const np = doc.now_playing;
  const online = doc.is_online && np !== null;
  const elapsed = np ? Math.min(Math.max(0, now - np.played_at), np.duration || Infinity) : 0;
  const pct = np && np.duration > 0 ? (elapsed / np.duration) * 100 : 0;
  return (
    <Group align="flex-start" wrap="nowrap" gap="md">
      <Image
        src={np?.song.art}
        alt={online ? `Cover of ${np.song.text}` : 'No cover'}
        w={112}
        h={112}
        radius="sm"
        fit="cover"
        style={{ flexShrink: 0 }}
      />
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Group gap="xs">
          {online ? (
            <Badge color="teal.9">{doc.live.is_live ? 'Live' : 'On air'}</Badge>
          ) : (
            <Badge color="gray.7">Off air</Badge>
          )}
          {doc.live.is_live && doc.live.streamer_name && (
            <Text size="sm" fw={600}>
              with {doc.live.streamer_name}
            </Text>
          )}
        </Group>
        <Title order={2} size="h3" lineClamp={2} data-testid="now-title">
          {online ? np.song.title || np.song.text : 'The station is off air'}
        </Title>
        {online && np.song.artist && (
          <Text size="md" lineClamp={1} data-testid="now-artist">
            {np.song.artist}
            {np.song.album ? ` · ${np.song.album}` : ''}
          </Text>
        )}
        {online && np.duration > 0 && (
          <>
            <Progress value={pct} size="sm" aria-label="Progress of the current track" mt={6} />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {clock(elapsed)}
              </Text>
              <Text size="xs" c="dimmed">
                −{clock(np.duration - elapsed)}
              </Text>
            </Group>
          </>
        )}
      </Stack>
    </Group>
  );
}
