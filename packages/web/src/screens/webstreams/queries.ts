import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Data } from '../../api/types';

export type Webstream = Data<'/api/v1/webstreams'>[number];
export type TestResult = Data<'/api/v1/webstreams/{id}/test', 'post'>;

const key = (stationId: string) => ['programming', stationId, 'webstreams'];

export function useWebstreams(stationId: string) {
  return useQuery({
    queryKey: key(stationId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/webstreams', { params: { query: { station_id: stationId } } })),
    // Health is written by the leader's check every minute; no event announces it.
    refetchInterval: 30_000,
  });
}

export function useSaveWebstream(stationId: string, id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; urls: string[]; active: boolean }) =>
      id === undefined
        ? unwrap(api.POST('/api/v1/webstreams', { body: { station_id: stationId, ...body } }))
        : unwrap(api.PATCH('/api/v1/webstreams/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(stationId) }),
  });
}

export function useWebstreamActions(stationId: string, id: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: key(stationId) });
  return {
    test: useMutation({
      mutationFn: () =>
        unwrap(api.POST('/api/v1/webstreams/{id}/test', { params: { path: { id } } })),
      onSettled: refresh,
    }),
    remove: useMutation({
      mutationFn: () => unwrap(api.DELETE('/api/v1/webstreams/{id}', { params: { path: { id } } })),
      onSettled: refresh,
    }),
    toggle: useMutation({
      mutationFn: (active: boolean) =>
        unwrap(
          api.PATCH('/api/v1/webstreams/{id}', { params: { path: { id } }, body: { active } }),
        ),
      onSettled: refresh,
    }),
  };
}
