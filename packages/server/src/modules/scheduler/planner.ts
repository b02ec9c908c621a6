import { localHours } from '../clocks/clock-compiler.js';
import { findGaps } from '../schedule/conflicts.js';
import { playableMs, type PlayRecord, type Track } from '../smart-blocks/track.js';
import { finalize, type FillContext } from './fill.js';
import { fingerprint } from './fingerprint.js';
import { materializeSegment } from './materialize.js';
import type { PlannedItem, StationPlan, StationPlanInput } from './plan-types.js';
import { buildSegments, type Segment } from './segments.js';

/**
 * Materializes a station's programme for the lookahead window: a pure function of its input.
 *
 * - Items that started before `nowMs` are immutable and returned untouched.
 * - Planning runs to the end of the local hour containing the window end, so a slowly sliding
 *   window adds whole segments and leaves earlier ones alone.
 * - A segment whose programme fingerprint matches existing items keeps them; from the first
 *   segment that changed, everything later is rebuilt (so separation holds across the seam).
 * - Same input → same output, so a tick without programme changes produces an empty diff.
 */
export function planStation(input: StationPlanInput): StationPlan {
  const frozen = input.existing
    .filter((i) => i.startMs < input.nowMs)
    .sort((a, b) => a.startMs - b.startMs);
  const frozenEnd = frozen.reduce((at, i) => Math.max(at, i.endMs), input.window.startMs);
  const planStart = Math.max(input.window.startMs, input.nowMs, frozenEnd);
  const hours = localHours(input.timezone, {
    startMs: planStart,
    endMs: Math.max(planStart + 1, input.window.endMs),
  });
  const horizonMs = hours[hours.length - 1]?.endMs ?? input.window.endMs;
  const { segments, conflicts } = buildSegments(input, {
    startMs: hours[0]?.startMs ?? planStart,
    endMs: horizonMs,
  });
  const ctx = fillContext(input, frozen);
  const kept = groupByKey(input.existing.filter((i) => i.startMs >= input.nowMs));
  const planned: PlannedItem[] = [];
  let rebuilding = false;
  for (const seg of segments) {
    const fromMs = Math.max(seg.startMs, planStart);
    if (fromMs >= seg.endMs) continue;
    const key = segmentKey(input, seg);
    const reuse = rebuilding ? undefined : reusable(kept.get(key), fromMs, seg.endMs, ctx.byId);
    const items =
      reuse ?? finalize(materializeSegment(ctx, seg, key, fromMs), seg, key, input.stationId);
    if (reuse === undefined) rebuilding = true;
    planned.push(...items);
    for (const item of items) remember(ctx, item);
  }
  const visible = frozen.filter((i) => i.endMs > input.window.startMs);
  const items = [...visible, ...planned];
  return {
    items,
    ...diff(input.existing, planned, input.nowMs),
    conflicts,
    gaps: findGaps(items, { startMs: input.window.startMs, endMs: horizonMs }),
    horizonMs,
  };
}

function fillContext(input: StationPlanInput, frozen: readonly PlannedItem[]): FillContext {
  const byId = new Map(input.library.map((t) => [t.id, t]));
  const byLength = input.library
    .filter((t) => playableMs(t) > 0)
    .sort((a, b) => playableMs(a) - playableMs(b) || (a.id < b.id ? -1 : 1));
  const ctx: FillContext = {
    input,
    byId,
    byLength,
    prepared: new Map(),
    running: [...input.history].sort((a, b) => a.startedAt - b.startedAt),
    seed: input.seed ?? input.stationId,
  };
  for (const item of frozen) remember(ctx, item);
  return ctx;
}

function remember(ctx: FillContext, item: PlannedItem): void {
  const track = item.mediaId === null ? undefined : ctx.byId.get(item.mediaId);
  if (track === undefined || item.sourceType === 'filler') return;
  const record: PlayRecord = {
    mediaId: track.id,
    artist: track.artist,
    title: track.title,
    album: track.album ?? null,
    startedAt: item.startMs,
    track,
  };
  ctx.running.push(record);
}

/** What makes a segment's content what it is: its span, its source and that source's definition. */
function segmentKey(input: StationPlanInput, seg: Segment): string {
  const c = seg.content;
  const definition =
    c.type === 'smart_block'
      ? input.smartBlocks.get(c.id)
      : c.type === 'playlist'
        ? input.playlists.get(c.id)
        : null;
  const fb = input.fallback;
  const fallbackDef =
    fb === null
      ? null
      : fb.type === 'smart_block'
        ? input.smartBlocks.get(fb.id)
        : input.playlists.get(fb.id);
  return fingerprint({ station: input.stationId, seg: { ...seg }, definition, fb, fallbackDef });
}

function groupByKey(items: readonly PlannedItem[]): Map<string, PlannedItem[]> {
  const out = new Map<string, PlannedItem[]>();
  for (const item of items) {
    const list = out.get(item.segmentKey) ?? [];
    list.push(item);
    out.set(item.segmentKey, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.startMs - b.startMs);
  return out;
}

// Existing items are reused only if they still tile [fromMs, endMs) and their media still exist.
function reusable(
  items: PlannedItem[] | undefined,
  fromMs: number,
  endMs: number,
  byId: ReadonlyMap<string, Track>,
) {
  if (items === undefined || items.length === 0) return undefined;
  let at = fromMs;
  for (const item of items) {
    if (item.startMs !== at) return undefined;
    if (item.mediaId !== null && !byId.has(item.mediaId)) return undefined;
    at = item.endMs;
  }
  return at === endMs ? items : undefined;
}

function diff(existing: readonly PlannedItem[], planned: readonly PlannedItem[], nowMs: number) {
  const future = existing.filter((i) => i.startMs >= nowMs);
  const before = new Set(future.map((i) => i.id));
  const after = new Set(planned.map((i) => i.id));
  return {
    insert: planned.filter((i) => !before.has(i.id)),
    remove: future.filter((i) => !after.has(i.id)).map((i) => i.id),
  };
}
