import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

// Under ['station', id]: priority and now-playing events for the station refresh them.

export function useLiveSessions(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'live-sessions'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/live/sessions', {
          params: { query: { station_id: stationId, limit: 20 } },
        }),
      ),
    // Bytes received grow while a DJ streams; events cover start and end.
    refetchInterval: 10_000,
  });
}

export function useMembers(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'members'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/members', { params: { path: { id: stationId } } })),
  });
}

export function useIngest() {
  return useQuery({
    queryKey: ['live-ingest'],
    queryFn: () => unwrap(api.GET('/api/v1/live/ingest')),
    staleTime: Infinity,
  });
}
