import { Badge, Card, Group, List, Text, Title } from '@mantine/core';
import { useNowPlaying } from '../../queries/station';
import { timeOfDay } from '../../ui/format';

export function UpNext({ stationId }: { stationId: string }) {
  const np = useNowPlaying(stationId);
  const next = np.data?.up_next ?? [];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="next-heading">
      <Title order={2} size="h4" id="next-heading" mb="sm">
        Up next
      </Title>
      {next.length === 0 ? (
        <Text c="dimmed">Nothing planned yet.</Text>
      ) : (
        <List listStyleType="none" spacing="xs" data-testid="up-next">
          {next.slice(0, 5).map((item, i) => (
            <List.Item key={`${item.media_id ?? 'x'}-${i}`}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" ff="monospace" c="dimmed" w={64}>
                  {item.starts_at ? timeOfDay(item.starts_at).slice(0, 5) : '—'}
                </Text>
                <Text size="sm" lineClamp={1} style={{ flex: 1 }}>
                  {item.title}
                </Text>
                {item.source === 'queue' && (
                  <Badge size="xs" variant="light">
                    queued
                  </Badge>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
