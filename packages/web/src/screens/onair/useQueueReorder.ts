import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';

type QueueItems = Data<'/api/v1/playout/queue'>;

/**
 * Reorders the play-next queue optimistically: the list moves at once, the server gets the new
 * order with the one it replaces, and a refusal (409: another operator changed the queue
 * meanwhile) puts the list back and leaves the API's error for the screen to show.
 *
 * A move made while the last one is still on its way is not dropped (a keyboard user presses
 * twice): it moves the list at once too and is sent when the one before it was answered (one
 * mutation scope per station), based on the order that one leaves.
 */
export function useQueueReorder(stationId: string) {
  const queries = useQueryClient();
  const key = ['station', stationId, 'queue'];
  const mutationKey = ['queue-reorder', stationId];
  return useMutation({
    mutationKey,
    scope: { id: `queue-reorder ${stationId}` },
    mutationFn: ({ next, previous }: { next: QueueItems; previous: QueueItems }) =>
      unwrap(
        api.PUT('/api/v1/playout/queue/order', {
          body: {
            station_id: stationId,
            ids: next.map((q) => q.id),
            previous_ids: previous.map((q) => q.id),
          },
        }),
      ),
    onMutate: async ({ next, previous }) => {
      await queries.cancelQueries({ queryKey: key });
      queries.setQueryData(key, next);
      return { previous };
    },
    onError: (_e, _v, context) => {
      if (context) queries.setQueryData(key, context.previous);
    },
    // The server's order, unless a later move is waiting: that one's order is the newer.
    onSuccess: (items) => {
      if (queries.isMutating({ mutationKey }) <= 1) queries.setQueryData(key, items);
    },
    // Up next on the now-playing card shows the queue too.
    // Not awaited: the mutation is done when the server answered, not when up next refetched.
    onSettled: () => void queries.invalidateQueries({ queryKey: ['station', stationId] }),
  });
}
