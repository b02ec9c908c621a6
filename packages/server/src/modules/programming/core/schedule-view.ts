import type { PlannedItem } from './plan-types.js';
import type { Track } from './track.js';

/** A planned item as the API shows it (snake_case, RFC 3339, with title and artist). */
export function toScheduleItem(
  stationId: string,
  i: PlannedItem,
  byId: ReadonlyMap<string, Track>,
) {
  const track = i.mediaId === null ? undefined : byId.get(i.mediaId);
  return {
    id: i.id,
    station_id: stationId,
    starts_at: new Date(i.startMs).toISOString(),
    ends_at: new Date(i.endMs).toISOString(),
    kind: i.kind,
    media_id: i.mediaId,
    title: track?.title ?? null,
    artist: track?.artist ?? null,
    webstream_id: i.webstreamId,
    label: i.label,
    cue_in_ms: i.cueInMs,
    cue_out_ms: i.cueOutMs,
    fade_in_ms: i.fadeInMs,
    fade_out_ms: i.fadeOutMs,
    source_type: i.sourceType,
    source_id: i.sourceId,
    entry_id: i.entryId,
    clock_id: i.clockId,
    hard_start: i.hardStart,
    reason: i.reason,
  };
}
