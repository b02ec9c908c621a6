import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useQueue } from '../../queries/station';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { MediaPicker } from '../../ui/MediaPicker';
import { QueueList } from './QueueList';
import { useQueueReorder } from './useQueueReorder';

/** The play-next queue: items the director plays, in this order, before the schedule resumes. */
export function Queue({ stationId, canEdit }: { stationId: string; canEdit: boolean }) {
  const queries = useQueryClient();
  const queue = useQueue(stationId);
  const [mediaId, setMediaId] = useState<string | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['station', stationId] });
  const add = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/playout/queue', { body: { station_id: stationId, media_id: id } })),
    onSuccess: () => setMediaId(null),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/playout/queue/{id}', { params: { path: { id } } })),
    onSettled: refresh,
  });
  const reorder = useQueueReorder(stationId);
  const items = queue.data ?? [];
  // By id: the list drawn may be a moment behind the order a queued move left.
  const move = (from: number, to: number) => {
    const [item, onto] = [items[from], items[to]];
    if (item && onto) reorder.move(item.id, onto.id);
  };
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="queue-heading">
      <Title order={2} size="h4" id="queue-heading" mb="sm">
        Play next
      </Title>
      <ErrorNotice error={queue.error} title="Could not read the queue" />
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          The queue is empty: the schedule plays.
        </Text>
      ) : (
        <QueueList
          items={items}
          canEdit={canEdit}
          onMove={move}
          onRemove={(id) => remove.mutate(id)}
        />
      )}
      <ErrorNotice error={reorder.mutation.error} title="Reorder refused" />
      {canEdit && (
        <Stack gap="xs" mt="sm">
          <MediaPicker
            stationId={stationId}
            label="Add to the queue"
            value={mediaId}
            onChange={(id) => setMediaId(id)}
          />
          <Group>
            <Button
              variant="light"
              disabled={mediaId === null}
              loading={add.isPending}
              onClick={() => mediaId && add.mutate(mediaId)}
            >
              Add
            </Button>
            {add.isSuccess && (
              <Text size="sm" role="status">
                Queued: {add.data.title}
              </Text>
            )}
          </Group>
          <ErrorNotice error={add.error ?? remove.error} title="Queue change refused" />
        </Stack>
      )}
    </Card>
  );
}
