import type { SmartBlockRules } from '@grimnir/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';

export type SmartBlock = Data<'/api/v1/smart-blocks'>[number];
export type Preview = Data<'/api/v1/smart-blocks/{id}/preview', 'post'>;

const key = (stationId: string) => ['programming', stationId, 'smart-blocks'];

export function useSmartBlocks(stationId: string) {
  return useQuery({
    queryKey: key(stationId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/smart-blocks', { params: { query: { station_id: stationId } } })),
  });
}

/**
 * The preview of the saved rules. Under ['library', station]: the `media` event (an upload,
 * an edit, an analysis) runs it again, so it shows what the library holds now.
 */
export function usePreview(
  stationId: string,
  block: SmartBlock,
  o: { minutes: number; seed: string; enabled: boolean },
) {
  return useQuery({
    queryKey: [
      'library',
      stationId,
      'smart-block-preview',
      block.id,
      block.updated_at,
      o.minutes,
      o.seed,
    ],
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/smart-blocks/{id}/preview', {
          params: { path: { id: block.id } },
          body: { duration_ms: Math.round(o.minutes * 60_000), ...(o.seed && { seed: o.seed }) },
        }),
      ),
    enabled: o.enabled,
    placeholderData: keepPreviousData,
  });
}

export function useSaveSmartBlock(stationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id?: string;
      name: string;
      description?: string;
      rules?: SmartBlockRules;
    }) =>
      v.id === undefined
        ? unwrap(
            api.POST('/api/v1/smart-blocks', {
              body: { station_id: stationId, name: v.name, ...(v.rules && { rules: v.rules }) },
            }),
          )
        : unwrap(
            api.PATCH('/api/v1/smart-blocks/{id}', {
              params: { path: { id: v.id } },
              body: {
                name: v.name,
                ...(v.description !== undefined && { description: v.description }),
                ...(v.rules && { rules: v.rules }),
              },
            }),
          ),
    onSuccess: (saved) => {
      // The list holds the rules the editor starts from: put the saved block in at once.
      qc.setQueryData<SmartBlock[]>(key(stationId), (old) =>
        old === undefined
          ? old
          : old.some((b) => b.id === saved.id)
            ? old.map((b) => (b.id === saved.id ? saved : b))
            : [...old, saved],
      );
      void qc.invalidateQueries({ queryKey: key(stationId) });
    },
  });
}

export function useDeleteSmartBlock(stationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/smart-blocks/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(stationId) }),
  });
}
