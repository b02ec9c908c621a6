import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Data } from '../../api/types';
import type { ListQuery } from './library-search';
import { chunks } from './selection';

export type MediaItem = Data<'/api/v1/media/{id}'>;
type FacetField = 'artist' | 'album' | 'genre' | 'tag';

/** Rows per request: about three screens of rows, small enough to answer fast at any size. */
const PAGE_SIZE = 50;
const ANALYSIS_POLL_PAGES = 4;

/**
 * Not under ['station', id]: every event of a station (each track change, each executor
 * state) invalidates that prefix, and refetching every loaded page of a long list on each of
 * them would cancel the next page as it loads. The library changes by uploads and edits:
 * whoever changes it invalidates this key (the upload panel too).
 */
export const libraryKey = (stationId: string) => ['library', stationId] as const;

/**
 * The library list, page by page along the API's keyset cursor. While an item near the top
 * waits for analysis the list is refetched now and then, so its state turns from pending to
 * complete (or failed) in place; not once many pages are loaded, as a refetch reloads them all.
 */
export function useLibraryList(stationId: string, query: ListQuery, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...libraryKey(stationId), 'list', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/media', {
          params: {
            query: {
              station_id: stationId,
              limit: PAGE_SIZE,
              ...query,
              ...(pageParam !== undefined && { cursor: pageParam }),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
    placeholderData: (prev) => prev,
    refetchInterval: (q) =>
      (q.state.data?.pages.length ?? 0) <= ANALYSIS_POLL_PAGES &&
      q.state.data?.pages.some((p) =>
        p.items.some((m) => m.analysis_state === 'pending' || m.analysis_state === 'running'),
      )
        ? 5000
        : false,
  });
}

/** Distinct values (with counts) for a filter picker, narrowed by what the user typed. */
export function useFacet(stationId: string, field: FacetField, prefix: string) {
  return useQuery({
    queryKey: [...libraryKey(stationId), 'facet', field, prefix],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/media/facets', {
          params: {
            query: { station_id: stationId, field, limit: 50, ...(prefix && { prefix }) },
          },
        }),
      ),
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}

export function useDuplicates(stationId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...libraryKey(stationId), 'duplicates'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/media/duplicates', {
          params: {
            query: {
              station_id: stationId,
              limit: 25,
              ...(pageParam !== undefined && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

export type MediaPatch = NonNullable<
  paths['/api/v1/media/{id}']['patch']['requestBody']
>['content']['application/json'];

/** Saves one item's tags; the list and the item's cache are refreshed from the answer. */
export function useUpdateMedia(stationId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: MediaPatch }) =>
      unwrap(api.PATCH('/api/v1/media/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (item) => {
      queries.setQueryData(['media', item.id], item);
      void queries.invalidateQueries({ queryKey: libraryKey(stationId) });
    },
  });
}

export function useDeleteMedia(stationId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/media/{id}', { params: { path: { id } } })),
    onSuccess: (_r, id) => {
      queries.removeQueries({ queryKey: ['media', id] });
      void queries.invalidateQueries({ queryKey: libraryKey(stationId) });
    },
  });
}

export interface BulkChange {
  set: { artist?: string | null; album?: string | null; genre?: string | null };
  add_tags: string[];
  remove_tags: string[];
}

/** One change to many items, sent in requests of at most 500 (the API's limit). */
export function useBulkUpdate(stationId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, change }: { ids: string[]; change: BulkChange }) => {
      let changed = 0;
      for (const part of chunks(ids)) {
        const r = await unwrap(
          api.PATCH('/api/v1/media', {
            body: {
              station_id: stationId,
              ids: part,
              ...(Object.keys(change.set).length > 0 && { set: change.set }),
              ...(change.add_tags.length > 0 && { add_tags: change.add_tags }),
              ...(change.remove_tags.length > 0 && { remove_tags: change.remove_tags }),
            },
          }),
        );
        changed += r.items.length;
      }
      return changed;
    },
    onSettled: () => {
      void queries.invalidateQueries({ queryKey: libraryKey(stationId) });
      void queries.invalidateQueries({ queryKey: ['media'] });
    },
  });
}
