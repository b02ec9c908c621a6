import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** A media item's tags (artist, album, artwork flag), cached: items repeat on air. */
export function useMedia(mediaId: string | null | undefined) {
  return useQuery({
    queryKey: ['media', mediaId],
    queryFn: () => unwrap(api.GET('/api/v1/media/{id}', { params: { path: { id: mediaId! } } })),
    enabled: !!mediaId,
    staleTime: 5 * 60_000,
  });
}

/**
 * Cover art as an object URL: the artwork route needs the bearer token, which an <img src>
 * cannot send (and a token in a URL would end up in logs).
 */
export function useArtwork(mediaId: string | null | undefined, hasArtwork: boolean | undefined) {
  return useQuery({
    queryKey: ['media', mediaId, 'artwork'],
    queryFn: async () => {
      const { data, response } = await api.GET('/api/v1/media/{id}/artwork', {
        params: { path: { id: mediaId! } },
        parseAs: 'blob',
      });
      return response.ok && data ? URL.createObjectURL(data) : null;
    },
    enabled: !!mediaId && hasArtwork === true,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
}
