import { Badge, Card, Group, Image, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useArtwork, useMedia } from '../../queries/media';
import { useNowPlaying } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clock, tierColor, tierLabel } from '../../ui/format';
import { progress } from './progress';
import { useNow } from './useNow';

function Artwork({ mediaId, has }: { mediaId: string | null; has: boolean | undefined }) {
  const art = useArtwork(mediaId, has);
  // Fixed size whether or not there is art: live updates never shift the layout.
  return art.data ? (
    <Image src={art.data} alt="Cover art" w={96} h={96} radius="sm" fit="cover" />
  ) : (
    <div
      aria-hidden
      style={{
        width: 96,
        height: 96,
        flex: 'none',
        borderRadius: 4,
        background: 'var(--mantine-color-default-hover)',
      }}
    />
  );
}

export function NowPlayingCard({ stationId }: { stationId: string }) {
  const np = useNowPlaying(stationId);
  const current = np.data?.current ?? null;
  const media = useMedia(current?.media_id);
  const now = useNow();
  const p = progress(current?.started_at, current?.ends_at, now);
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="np-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="np-heading">
          Now playing
        </Title>
        <Group gap="xs">
          <Badge color={tierColor(np.data?.tier_name)} data-testid="tier">
            {tierLabel(np.data?.tier_name)}
          </Badge>
          <Badge variant="outline" color="gray" data-testid="executor-state">
            {np.data?.state ?? '…'}
          </Badge>
        </Group>
      </Group>
      <ErrorNotice error={np.error} title="Could not read what is on air" />
      <Group wrap="nowrap" align="flex-start">
        <Artwork mediaId={current?.media_id ?? null} has={media.data?.has_artwork} />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          {np.isPending ? (
            <Skeleton h={28} w="80%" />
          ) : (
            <Text size="xl" fw={700} lineClamp={2} data-testid="current-title">
              {current?.title ?? 'Nothing on air'}
            </Text>
          )}
          <Text c="dimmed" lineClamp={1} data-testid="current-artist">
            {media.data?.artist ?? (current ? '\u00a0' : '')}
          </Text>
          <Progress
            value={(p.fraction ?? 0) * 100}
            mt="sm"
            size="sm"
            aria-label="Position in the current item"
          />
          <Group justify="space-between">
            <Text size="sm" ff="monospace" aria-label="Elapsed">
              {current ? clock(p.elapsedMs) : '–:––'}
            </Text>
            <Text size="sm" ff="monospace" aria-label="Remaining">
              {p.remainingMs === undefined ? '–:––' : `−${clock(p.remainingMs)}`}
            </Text>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
