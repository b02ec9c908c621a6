import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

// Under ['station', id]: a schedule_update or any station event refreshes them.

export function useClocks(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'clocks'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clocks', { params: { query: { station_id: stationId } } })),
  });
}
