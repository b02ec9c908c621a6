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
}

/** The schedule repository's read of `schedule_items` (items overlapping [from, to)). */
export interface ScheduleItemsSource {
  listItems(stationId: string, fromIso: string, toIso: string): Promise<PlannedItemLike[]>;
}

/** UpcomingItems over the materialised schedule. */
export function scheduleUpcomingItems(source: ScheduleItemsSource): UpcomingItems {
  return {
    async between(stationId, fromMs, toMs) {
      const rows = await source.listItems(
        stationId,
        new Date(fromMs).toISOString(),
        new Date(toMs).toISOString(),
      );
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
        }))
        .sort((a, b) => a.startMs - b.startMs);
    },
  };
}
