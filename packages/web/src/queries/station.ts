import { useQuery } from '@tanstack/react-query';
import { useSession } from '../session/useSession';
import { rank, type Role } from '../session/roles';

type StationRole = Exclude<Role, 'admin'>;

/** A member's role on a station is capped by their global role; admins manage every station. */
function effectiveStationRole(global: Role, membership: StationRole | undefined) {
  if (global === 'admin') return 'manager';
  if (membership === undefined) return undefined;
  return rank[membership] >= rank[global] ? membership : global;
}
import { api, unwrap } from '../api/client';

// Query keys start with ['station', id] for everything about one station, so an event for
// that station (events/events.ts) invalidates exactly its queries.

export function useStations() {
  return useQuery({
    queryKey: ['stations'],
    queryFn: () => unwrap(api.GET('/api/v1/stations')),
    staleTime: 30_000,
  });
}

export function useNowPlaying(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'now-playing'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/now-playing', { params: { path: { id: stationId } } })),
    // Events keep it fresh; the interval only covers a socket that is down.
    refetchInterval: 30_000,
  });
}

/** The caller's effective role on a station (what the API will allow), or undefined. */
export function useStationRole(stationId: string): StationRole | undefined {
  const s = useSession();
  const me = s.status === 'authenticated' ? s.user : undefined;
  const members = useQuery({
    queryKey: ['station', stationId, 'members'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/members', { params: { path: { id: stationId } } })),
    enabled: me !== undefined && me.role !== 'admin',
    staleTime: 60_000,
  });
  if (me === undefined) return undefined;
  const mine = members.data?.find((m) => m.user_id === me.id)?.role;
  return effectiveStationRole(me.role, mine);
}

export function usePriority(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'priority'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/priority/current', { params: { query: { station_id: stationId } } })),
    refetchInterval: 30_000,
  });
}

export function useMounts(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'mounts'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/stations/{id}/mounts', { params: { path: { id: stationId } } })),
    staleTime: 60_000,
  });
}

export function useHistory(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'history'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/stations/{id}/history', {
          params: { path: { id: stationId }, query: { limit: 20 } },
        }),
      ),
  });
}

/** The mutation key of a station's queue reorders (screens/onair/useQueueReorder.ts). */
export const queueReorderKey = (stationId: string) => ['queue-reorder', stationId];

export function useQueue(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'queue'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/playout/queue', { params: { query: { station_id: stationId } } })),
  });
}

/** Library search for pickers (server-side: the library can hold 100,000 items). */
export function useMediaSearch(stationId: string, q: string) {
  return useQuery({
    queryKey: ['station', stationId, 'media-search', q],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/media', {
          params: { query: { station_id: stationId, limit: 20, ...(q ? { q } : {}) } },
        }),
      ),
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}
