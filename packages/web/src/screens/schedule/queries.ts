import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../api/client';
import type { Change } from './changes';
import type { Conflict } from './calendar-model';

// Under ['station', id, 'schedule']: schedule_update events (and every other event of the
// station) invalidate them, so another operator's change or a new plan shows without a reload.

export function useCalendar(stationId: string, range: { start: string; end: string } | undefined) {
  return useQuery({
    queryKey: ['station', stationId, 'schedule', 'calendar', range?.start, range?.end],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/calendar', {
          params: { query: { station_id: stationId, start: range?.start, end: range?.end } },
        }),
      ),
    enabled: range !== undefined,
    placeholderData: (prev) => prev,
  });
}

export function usePlan(stationId: string, start: string, end: string) {
  return useQuery({
    queryKey: ['station', stationId, 'schedule', 'plan', start, end],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule', {
          params: { query: { station_id: stationId, start, end, limit: 2000 } },
        }),
      ),
    placeholderData: (prev) => prev,
    // The plan is rebuilt by the leader's scheduler on its own tick as well.
    refetchInterval: 60_000,
  });
}

export function useClockList(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'clocks'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clocks', { params: { query: { station_id: stationId } } })),
  });
}

export function useFallback(stationId: string) {
  return useQuery({
    queryKey: ['station', stationId, 'schedule', 'fallback'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/schedule/fallback', { params: { query: { station_id: stationId } } }),
      ),
  });
}

/** A refused write's 409 details: the occurrences it would have overlapped. */
export class ConflictError extends ApiError {
  constructor(
    base: ApiError,
    readonly conflicts: Conflict[],
  ) {
    super(base.status, base.code, base.message, base.requestId);
  }
}

type Result = { data?: unknown; error?: unknown; response: Response };

/** unwrap, keeping the conflicts list a 409 carries (ApiError keeps message and id only). */
export async function withConflicts<T>(call: Promise<Result>): Promise<T> {
  const r = await call;
  try {
    return (await unwrap(Promise.resolve(r))) as T;
  } catch (e) {
    const details = (r.error as { details?: { conflicts?: Conflict[] } } | undefined)?.details;
    if (e instanceof ApiError && r.response.status === 409 && details?.conflicts)
      throw new ConflictError(e, details.conflicts);
    throw e;
  }
}

/** Sends one calendar change. */
export function sendChange(c: Change): Promise<unknown> {
  switch (c.kind) {
    case 'patch-show':
      return withConflicts(
        api.PATCH('/api/v1/shows/{id}', { params: { path: { id: c.id } }, body: c.body }),
      );
    case 'split-show':
      return withConflicts(
        api.POST('/api/v1/shows/{id}/split', {
          params: { path: { id: c.id } },
          body: { at: c.at, changes: c.changes },
        }),
      );
    case 'patch-entry':
      return withConflicts(
        api.PATCH('/api/v1/schedule/{id}', { params: { path: { id: c.id } }, body: c.body }),
      );
  }
}

/**
 * After a write: ask the leader to re-plan (so "what will play" follows at once, not at the next
 * tick) and refetch the station's schedule views.
 */
export function useAfterWrite(stationId: string) {
  const qc = useQueryClient();
  return async () => {
    try {
      await unwrap(api.POST('/api/v1/schedule/refresh', { body: { station_id: stationId } }));
    } finally {
      await qc.invalidateQueries({ queryKey: ['station', stationId] });
    }
  };
}
