import type { UpcomingItem, UpcomingItems } from './ports.js';

/** The fields of the schedule module's materialised items (scheduler/plan-types.ts) we read. */
export interface PlannedItemLike {
  id: string;
  startMs: number;
  endMs: number;
  kind: 'media' | 'webstream' | 'live';
  mediaId: string | null;
  label: string | null;
  cueInMs: number | null;
  cueOutMs: number | null;
  fadeInMs: number | null;
  fadeOutMs: number | null;
  hardStart: boolean;
  webstreamId?: string | null;
}

/** The schedule repository's read of `schedule_items` (items overlapping [from, to)). */
interface ScheduleItemsSource {
  listItems(stationId: string, fromIso: string, toIso: string): Promise<PlannedItemLike[]>;
}

/** The webstreams module's read of relays by id (ports stay free of its repository type). */
interface WebstreamsSource {
  findMany(
    ids: readonly string[],
  ): Promise<{ id: string; station_id: string; name: string; urls: string[]; active: boolean }[]>;
}

/**
 * UpcomingItems over the materialised schedule. Webstream items carry their relay (name and
 * URLs) as it is now, so an edited URL list reaches the engine on the director's next refresh;
 * an inactive webstream, or one of another station, is left out (the slot falls to fallback).
 */
export function scheduleUpcomingItems(
  source: ScheduleItemsSource,
  webstreams?: WebstreamsSource,
): UpcomingItems {
  async function relays(stationId: string, rows: PlannedItemLike[]) {
    const ids = rows.flatMap((r) =>
      r.kind === 'webstream' && r.webstreamId ? [r.webstreamId] : [],
    );
    const found = ids.length > 0 && webstreams ? await webstreams.findMany(ids) : [];
    return new Map(
      found
        .filter((w) => w.active && w.station_id === stationId && w.urls.length > 0)
        .map((w) => [w.id, { id: w.id, name: w.name, urls: w.urls }]),
    );
  }
  return {
    async between(stationId, fromMs, toMs) {
      const rows = await source.listItems(
        stationId,
        new Date(fromMs).toISOString(),
        new Date(toMs).toISOString(),
      );
      const byId = await relays(stationId, rows);
      return rows
        .map((p): UpcomingItem => ({
          id: p.id,
          stationId,
          startMs: p.startMs,
          endMs: p.endMs,
          kind: p.kind,
          mediaId: p.mediaId,
          cueInMs: p.cueInMs,
          cueOutMs: p.cueOutMs,
          fadeInMs: p.fadeInMs,
          fadeOutMs: p.fadeOutMs,
          hardStart: p.hardStart,
          label: p.label,
          ...(p.kind === 'webstream' && { webstream: byId.get(p.webstreamId ?? '') ?? null }),
        }))
        .sort((a, b) => a.startMs - b.startMs);
    },
  };
}
