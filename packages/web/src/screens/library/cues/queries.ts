import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../../api/client';
import type { CuePatch } from './cue-model';

/** The server's precomputed peaks; 409 until the engine has analysed the item (polled). */
export function useWaveform(mediaId: string) {
  return useQuery({
    queryKey: ['media', mediaId, 'waveform'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/media/{id}/waveform', { params: { path: { id: mediaId } } })),
    staleTime: Infinity,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    refetchInterval: (q) => {
      const e = q.state.error;
      return e instanceof ApiError && e.code === 'analysis_pending' ? 5_000 : false;
    },
  });
}

/** The original file as a blob: the route needs the bearer token, which <audio src> cannot send. */
export async function fetchAudio(mediaId: string): Promise<Blob> {
  const { data, response } = await api.GET('/api/v1/media/{id}/audio', {
    params: { path: { id: mediaId } },
    parseAs: 'blob',
  });
  if (!response.ok || !data)
    throw new ApiError(
      response.status,
      `http_${response.status}`,
      'the audio could not be loaded',
      response.headers.get('x-request-id') ?? undefined,
    );
  return data;
}

export function useSaveCues(mediaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CuePatch) =>
      unwrap(api.PATCH('/api/v1/media/{id}', { params: { path: { id: mediaId } }, body: patch })),
    onSuccess: (media) => qc.setQueryData(['media', mediaId], media),
  });
}
