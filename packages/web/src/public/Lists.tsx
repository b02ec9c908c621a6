import { Anchor, Group, List, Stack, Text, Title } from '@mantine/core';
import type { NowPlayingDoc } from './api';

const time = (unix: number) =>
  new Date(unix * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function UpNext({ doc }: { doc: NowPlayingDoc }) {
  const next = doc.playing_next;
  if (!next) return null;
  return (
    <Stack gap={2}>
      <Title order={3} size="h5">
        Up next
      </Title>
      <Text data-testid="up-next">
        {next.song.text}
        {next.played_at !== null && (
          <Text span c="dimmed" size="sm">
            {' '}
            at {time(next.played_at)}
          </Text>
        )}
      </Text>
    </Stack>
  );
}

/** The last plays, in the listener's own time zone. */
export function RecentlyPlayed({ doc }: { doc: NowPlayingDoc }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Recently played
      </Title>
      {doc.song_history.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing has played yet.
        </Text>
      ) : (
        <List listStyleType="none" spacing={4} data-testid="history">
          {doc.song_history.map((h) => (
            <List.Item key={h.sh_id}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {time(h.played_at)}
                </Text>
                <Text size="sm" lineClamp={1}>
                  {h.song.text}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** For listeners' own players: each mount directly, or as a playlist file. */
export function StreamLinks({ doc }: { doc: NowPlayingDoc }) {
  if (doc.station.mounts.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Listen in your player
      </Title>
      {doc.station.mounts.map((m) => (
        <Group key={m.id} gap="sm" wrap="wrap">
          <Text size="sm" fw={600}>
            {(m.format ?? '').toUpperCase()} {m.bitrate ? `${m.bitrate} kbit/s` : ''}
          </Text>
          <Anchor href={m.url} size="sm">
            Direct
          </Anchor>
          <Anchor href={`${m.url}.m3u`} size="sm">
            M3U
          </Anchor>
          <Anchor href={`${m.url}.pls`} size="sm">
            PLS
          </Anchor>
        </Group>
      ))}
    </Stack>
  );
}
