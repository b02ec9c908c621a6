import type { ScheduleSource, SmartBlockRules } from '@grimnir/contracts';
import type { ClockDef } from '../core/clock-compiler.js';
import type { PlanEntry, PlannedItem, PlaylistDef, StationPlanInput } from '../core/plan-types.js';
import type { PlayRecord, Track } from '../core/track.js';
import { trackFieldsFor, type OptionalTrackField } from '../core/track-fields.js';
import type {
  ClockFields,
  EntryFields,
  PlaylistFields,
  ProgrammeSource,
  ShowFields,
} from './programme-source.js';

const HISTORY_MS = 7 * 86_400_000;

export function entryToPlan(e: EntryFields, timezone: string): PlanEntry {
  const startsAtMs = Date.parse(e.starts_at);
  return {
    id: e.id,
    kind: 'entry',
    source: e.source,
    priority: e.priority,
    recurrence: {
      startsAtMs,
      durationMs: Date.parse(e.ends_at) - startsAtMs,
      rrule: e.rrule,
      exdatesMs: e.exdates.map((x) => Date.parse(x)),
      timezone,
    },
  };
}

/** Shows without a programme source are calendar objects only and take no air time. */
export function showToPlan(s: ShowFields, timezone: string): PlanEntry | undefined {
  if (s.source === null) return undefined;
  const source: ScheduleSource = s.source;
  return {
    id: s.id,
    kind: 'show',
    source,
    priority: s.priority,
    recurrence: {
      startsAtMs: Date.parse(s.starts_at),
      durationMs: s.duration_ms,
      rrule: s.rrule,
      exdatesMs: s.exdates.map((x) => Date.parse(x)),
      timezone,
    },
    exceptions: s.exceptions.map((x) => ({
      originalStartsAtMs: Date.parse(x.original_starts_at),
      cancelled: x.cancelled,
      ...(x.starts_at !== null && { startsAtMs: Date.parse(x.starts_at) }),
      ...(x.duration_ms !== null && { durationMs: x.duration_ms }),
    })),
  };
}

export function clockToDef(c: ClockFields): ClockDef {
  return {
    id: c.id,
    name: c.name,
    priority: c.priority,
    hours: c.hours,
    slots: c.slots.map((s) => ({ offsetMs: s.offset_ms, type: s.type, payload: s.payload })),
  };
}

/** The small, programme-defining part of a station's input (no library, no items). */
export interface Programme {
  entries: PlanEntry[];
  clocks: ClockDef[];
  smartBlocks: Map<string, SmartBlockRules>;
  playlists: Map<string, PlaylistDef>;
  fallback: StationPlanInput['fallback'];
  /** Changes whenever a medium is added, removed or edited. */
  libraryVersion: string;
}

export async function loadProgramme(
  repos: ProgrammeSource,
  station: { id: string; timezone: string },
): Promise<Programme> {
  const tz = station.timezone;
  const [entries, shows, clocks, blocks, playlists, fallback, libraryVersion] = await Promise.all([
    repos.schedule.listEntries(station.id),
    repos.shows.listByStation(station.id),
    repos.clocks.listByStation(station.id),
    repos.smartBlocks.listByStation(station.id),
    repos.playlists.listByStation(station.id),
    repos.schedule.getFallback(station.id),
    repos.library.version(station.id),
  ]);
  const showEntries = shows
    .map((s) => showToPlan(s, tz))
    .filter((e): e is PlanEntry => e !== undefined);
  return {
    entries: [...entries.map((e) => entryToPlan(e, tz)), ...showEntries],
    clocks: clocks.map(clockToDef),
    smartBlocks: new Map(blocks.map((b) => [b.id, b.rules])),
    playlists: new Map(playlists.map((p) => [p.id, toPlaylistDef(p)])),
    fallback,
    libraryVersion,
  };
}

/** The items a plan starts from: what aired in the last week (separation) and what is planned. */
export function recentItems(
  repos: PlanReads,
  stationId: string,
  nowMs: number,
): Promise<PlannedItem[]> {
  return repos.schedule.itemsFrom(stationId, new Date(nowMs - HISTORY_MS).toISOString());
}

/** The reads a plan needs besides its programme (the scheduler's plan workers bring their own). */
export interface PlanReads {
  library: Pick<ProgrammeSource['library'], 'tracks'>;
  schedule: Pick<ProgrammeSource['schedule'], 'itemsFrom'>;
}

/** Everything the planner needs for one station: the programme plus library and recent items. */
export async function loadPlanInput(
  repos: ProgrammeSource,
  station: { id: string; timezone: string },
  nowMs: number,
  lookaheadMs: number,
  programme?: Programme,
): Promise<StationPlanInput> {
  if (programme !== undefined)
    return loadPlanInputFor(repos, station, nowMs, lookaheadMs, programme);
  // Without a programme (a clock's simulation shows any track field), every field is read.
  const prog = await loadProgramme(repos, station);
  return readPlanInput(repos, station, nowMs, lookaheadMs, prog, undefined);
}

/** loadPlanInput for a known programme: reads the library and the recent items only. */
export async function loadPlanInputFor(
  repos: PlanReads,
  station: { id: string; timezone: string },
  nowMs: number,
  lookaheadMs: number,
  prog: Programme,
): Promise<StationPlanInput> {
  // With the programme known, the library is read with only the fields its blocks look at.
  const only = trackFieldsFor(prog.smartBlocks.values());
  return readPlanInput(repos, station, nowMs, lookaheadMs, prog, only);
}

async function readPlanInput(
  repos: PlanReads,
  station: { id: string; timezone: string },
  nowMs: number,
  lookaheadMs: number,
  prog: Programme,
  only: ReadonlySet<OptionalTrackField> | undefined,
): Promise<StationPlanInput> {
  const [library, recent] = await Promise.all([
    repos.library.tracks(station.id, only),
    recentItems(repos, station.id, nowMs),
  ]);
  return {
    stationId: station.id,
    timezone: station.timezone,
    nowMs,
    window: { startMs: nowMs, endMs: nowMs + lookaheadMs },
    entries: prog.entries,
    clocks: prog.clocks,
    smartBlocks: prog.smartBlocks,
    playlists: prog.playlists,
    library,
    history: historyFrom(
      recent.filter((i) => i.startMs < nowMs),
      library,
    ),
    fallback: prog.fallback,
    existing: recent.filter((i) => i.endMs > nowMs),
  };
}

function toPlaylistDef(p: PlaylistFields): PlaylistDef {
  return {
    id: p.id,
    mode: p.mode,
    items: p.items.map((i) => ({
      mediaId: i.media_id,
      cueInMs: i.cue_in_ms,
      cueOutMs: i.cue_out_ms,
      fadeInMs: i.fade_in_ms,
      fadeOutMs: i.fade_out_ms,
    })),
  };
}

// What aired (according to the materialized schedule) is the separation history.
export function historyFrom(
  items: readonly { mediaId: string | null; startMs: number; sourceType: string }[],
  library: readonly Track[],
): PlayRecord[] {
  // Only the tracks the items name are looked up: no 50k-entry index for a few hundred plays
  // (and none at all for a station's first plan).
  const wanted = new Set<string>();
  for (const item of items) if (item.mediaId !== null) wanted.add(item.mediaId);
  const byId = new Map<string, Track>();
  if (wanted.size > 0) for (const t of library) if (wanted.has(t.id)) byId.set(t.id, t);
  const out: PlayRecord[] = [];
  for (const item of items) {
    const track = item.mediaId === null ? undefined : byId.get(item.mediaId);
    if (track === undefined || item.sourceType === 'filler') continue;
    out.push({
      mediaId: track.id,
      artist: track.artist,
      title: track.title,
      album: track.album ?? null,
      startedAt: item.startMs,
      track,
    });
  }
  return out;
}
