import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/**
 * Listeners per mount as the server counts them now, so On Air shows numbers at page load;
 * `listeners` events (which arrive only when a count changes) take over from there. Same key
 * as the Outputs screen's query: one request serves both.
 */
export function useListenerSnapshot(stationId: string): Record<string, number> | undefined {
  const outputs = useQuery({
    queryKey: ['station', stationId, 'outputs'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/outputs', { params: { path: { id: stationId } } })),
  });
  return outputs.data && Object.fromEntries(outputs.data.mounts.map((m) => [m.mount, m.listeners]));
}
