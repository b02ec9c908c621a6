import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';
import type { ItemInput } from './playlist-items';

export type Playlist = Data<'/api/v1/playlists'>[number];
export type PlaylistTracks = Data<'/api/v1/playlists/{id}/tracks'>;
export type TrackItem = PlaylistTracks['items'][number];
export type ImportReport = Data<'/api/v1/playlists/{id}/import', 'post'>;

// Playlists change only through this screen (no event names them); the tracks' titles and
// lengths live under ['library', station] so the `media` event (a track edited, re-analysed
// or deleted) refreshes them (events/events.ts).
const playlistsKey = (stationId: string) => ['programming', stationId, 'playlists'];
const tracksKey = (stationId: string, id: string) => ['library', stationId, 'playlist', id];

export function usePlaylists(stationId: string) {
  return useQuery({
    queryKey: playlistsKey(stationId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/playlists', { params: { query: { station_id: stationId } } })),
  });
}

export function usePlaylistTracks(stationId: string, id: string | undefined) {
  return useQuery({
    queryKey: tracksKey(stationId, id ?? ''),
    queryFn: () =>
      unwrap(api.GET('/api/v1/playlists/{id}/tracks', { params: { path: { id: id ?? '' } } })),
    enabled: id !== undefined,
    placeholderData: (prev) => (prev?.playlist_id === id ? prev : undefined),
  });
}

/** Refreshes the list and the open playlist's tracks after any change. */
function useRefresh(stationId: string) {
  const qc = useQueryClient();
  return (id?: string) => {
    void qc.invalidateQueries({ queryKey: playlistsKey(stationId) });
    if (id) void qc.invalidateQueries({ queryKey: tracksKey(stationId, id) });
  };
}

/**
 * Replaces the items (reorder, add, remove, overrides). The new order shows at once: the
 * cached tracks are rearranged before the request and refetched after it either way.
 */
export function useReplaceItems(stationId: string, id: string) {
  const qc = useQueryClient();
  const refresh = useRefresh(stationId);
  return useMutation({
    mutationFn: (v: { items: ItemInput[]; optimistic?: TrackItem[] }) =>
      unwrap(
        api.PUT('/api/v1/playlists/{id}/items', {
          params: { path: { id } },
          body: { items: v.items },
        }),
      ),
    onMutate: async (v) => {
      if (!v.optimistic) return;
      await qc.cancelQueries({ queryKey: tracksKey(stationId, id) });
      qc.setQueryData<PlaylistTracks>(tracksKey(stationId, id), (old) =>
        old ? { ...old, items: v.optimistic ?? old.items } : old,
      );
    },
    onSettled: () => refresh(id),
  });
}

export function useUpdatePlaylist(stationId: string, id: string) {
  const refresh = useRefresh(stationId);
  return useMutation({
    mutationFn: (body: { name?: string; description?: string; mode?: 'ordered' | 'shuffled' }) =>
      unwrap(api.PATCH('/api/v1/playlists/{id}', { params: { path: { id } }, body })),
    onSettled: () => refresh(id),
  });
}

export function useCreatePlaylist(stationId: string) {
  const refresh = useRefresh(stationId);
  return useMutation({
    mutationFn: (body: { name: string; mode: 'ordered' | 'shuffled' }) =>
      unwrap(api.POST('/api/v1/playlists', { body: { station_id: stationId, ...body } })),
    onSuccess: () => refresh(),
  });
}

export function useDeletePlaylist(stationId: string, id: string) {
  const refresh = useRefresh(stationId);
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/playlists/{id}', { params: { path: { id } } })),
    onSuccess: () => refresh(),
  });
}

export function useImportPlaylist(stationId: string, id: string) {
  const refresh = useRefresh(stationId);
  return useMutation({
    mutationFn: (body: { content: string; replace: boolean }) =>
      unwrap(api.POST('/api/v1/playlists/{id}/import', { params: { path: { id } }, body })),
    onSettled: () => refresh(id),
  });
}

/** Fetches the export with the session's token and hands it to the browser as a download. */
export async function downloadExport(id: string, format: 'm3u' | 'pls'): Promise<void> {
  const result = api.GET('/api/v1/playlists/{id}/export', {
    params: { path: { id }, query: { format } },
    parseAs: 'blob',
  });
  // Throws the API's error (with its request id) for a refusal.
  const blob = await unwrap(result);
  const { response } = await result;
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `playlist.${format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click's task: the download has taken its copy.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
