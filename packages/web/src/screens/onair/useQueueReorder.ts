import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';

type QueueItems = Data<'/api/v1/playout/queue'>;

/**
 * Reorders the play-next queue optimistically: the list moves at once, the server gets the new
 * order with the one it replaces, and a refusal (409: another operator changed the queue
 * meanwhile) puts the list back and leaves the API's error for the screen to show.
 */
export function useQueueReorder(stationId: string) {
  const queries = useQueryClient();
  const key = ['station', stationId, 'queue'];
  return useMutation({
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
    onSuccess: (items) => queries.setQueryData(key, items),
    // Up next on the now-playing card shows the queue too.
    // Not awaited: the mutation is done when the server answered, not when up next refetched.
    onSettled: () => void queries.invalidateQueries({ queryKey: ['station', stationId] }),
  });
}
