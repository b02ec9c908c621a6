import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import { queueReorderKey } from '../../queries/station';
import { moveItem } from './queue-order';

type QueueItems = Data<'/api/v1/playout/queue'>;

/**
 * Reorders the play-next queue optimistically: the list moves at once, the server gets the new
 * order with the one it replaces, and a refusal (409: another operator changed the queue
 * meanwhile) leaves the API's error for the screen to show and the server's order on it.
 *
 * A move made while the last one is still on its way is not dropped (a keyboard user presses
 * twice): it moves the list at once too and is sent when the one before it was answered (one
 * mutation scope per station), based on the order that one leaves. Until the last is answered
 * nothing refetches the list, which would show an order in between.
 */
export function useQueueReorder(stationId: string) {
  const queries = useQueryClient();
  const key = ['station', stationId, 'queue'];
  const mutationKey = queueReorderKey(stationId);
  const alone = () => queries.isMutating({ mutationKey }) <= 1;
  const mutation = useMutation({
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
    // Put back only when no later move is waiting: that one's answer (or refusal) comes next.
    onError: (_e, _v, context) => {
      if (context && alone()) queries.setQueryData(key, context.previous);
    },
    // The server's order, unless a later move is waiting: that one's order is the newer.
    onSuccess: (items) => {
      if (alone()) queries.setQueryData(key, items);
    },
    // Up next on the now-playing card shows the queue too (and a refusal's list is re-read).
    // Not awaited: the mutation is done when the server answered, not when up next refetched.
    onSettled: () => {
      if (alone()) void queries.invalidateQueries({ queryKey: ['station', stationId] });
    },
  });
  return {
    mutation,
    /**
     * Moves the item `id` onto `ontoId`'s place in the latest order (a move still on its way
     * has changed it, perhaps since the list was last drawn); nothing when either is gone.
     */
    move(id: string, ontoId: string): void {
      const current = queries.getQueryData<QueueItems>(key);
      if (!current) return;
      const from = current.findIndex((q) => q.id === id);
      const to = current.findIndex((q) => q.id === ontoId);
      if (from < 0 || to < 0 || from === to) return;
      mutation.mutate({ next: moveItem(current, from, to), previous: current });
    },
  };
}
