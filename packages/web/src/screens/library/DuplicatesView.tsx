import { Badge, Button, Card, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clock } from '../../ui/format';
import { STATE_COLOR, STATE_LABEL, shortDate } from './library-format';
import { useDuplicates } from './queries';

/**
 * Items that look like the same recording (same title, artist and duration to the second),
 * grouped, so an operator can open each copy and delete the ones not wanted.
 */
export function DuplicatesView(p: { stationId: string; onOpen: (id: string) => void }) {
  const dups = useDuplicates(p.stationId, true);
  const groups = dups.data?.pages.flatMap((pg) => pg.groups) ?? [];
  if (dups.isPending) return <Loader aria-label="Looking for duplicates" />;
  return (
    <Stack data-testid="duplicates">
      <ErrorNotice error={dups.error} />
      {groups.length === 0 && !dups.isError && (
        <Text c="dimmed">
          No duplicates: no two items share a title, artist and duration (to the second).
        </Text>
      )}
      {groups.map((g) => (
        <Card
          key={g.items.map((m) => m.id).join()}
          withBorder
          component="section"
          aria-label={`${g.title} (${g.items.length} copies)`}
        >
          <Group justify="space-between" mb="xs">
            <Text fw={650}>{g.artist ? `${g.artist} – ${g.title}` : g.title}</Text>
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {g.duration_s === null ? '' : clock(g.duration_s * 1000)} · {g.items.length} copies
            </Text>
          </Group>
          <Stack gap={6}>
            {g.items.map((m) => (
              <Group key={m.id} gap="xs">
                <Badge size="sm" color={STATE_COLOR[m.analysis_state]} style={{ flexShrink: 0 }}>
                  {STATE_LABEL[m.analysis_state]}
                </Badge>
                <UnstyledButton
                  onClick={() => p.onOpen(m.id)}
                  aria-label={`Open ${m.original_filename} (${m.title})`}
                  style={{ minWidth: 0 }}
                >
                  <Text size="sm" td="underline" style={{ overflowWrap: 'anywhere' }}>
                    {m.original_filename}
                  </Text>
                </UnstyledButton>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  added {shortDate(m.created_at)} · played {m.play_count}×
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
      ))}
      {dups.hasNextPage && (
        <Group>
          <Button
            variant="default"
            loading={dups.isFetchingNextPage}
            onClick={() => void dups.fetchNextPage()}
          >
            More duplicates
          </Button>
        </Group>
      )}
    </Stack>
  );
}
