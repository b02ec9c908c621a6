import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

// Under ['station', id]: the station's events (listeners among them) refresh them.

export function useOutputs(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'outputs'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/outputs', { params: { path: { id: stationId } } })),
    // Icecast connections change without an event; listener counts have their own events.
    refetchInterval: 5_000,
  });
}
