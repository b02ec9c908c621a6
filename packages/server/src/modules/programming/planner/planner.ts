import { localHours } from '../core/clock-compiler.js';
import { findGaps } from '../core/conflicts.js';
import { indexById, type PlayRecord, type Track } from '../core/track.js';
import {
  fallbackBlock,
  finalize,
  lengthsAhead,
  prepareAhead,
  type FillContext,
} from '../core/fill.js';
import { runToEnd, type Steps } from '../core/steps.js';
import { fingerprint } from '../core/fingerprint.js';
import { materializeSegment } from './materialize.js';
import type { PlannedItem, StationPlan, StationPlanInput } from '../core/plan-types.js';
import { buildSegments, type Segment } from '../core/segments.js';
import { LatestPlays } from '../core/separation.js';

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
  return runToEnd(planStationSteps(input));
}

/**
 * planStation in steps (core/steps.ts), yielding between segments and inside the preparation of
 * each smart block: the scheduler runs it in slices so a 72-hour plan over a 50k-track library
 * (hundreds of milliseconds) never holds the event loop for long. Same output as planStation.
 */
export function* planStationSteps(input: StationPlanInput): Steps<StationPlan> {
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
  yield;
  const ctx = fillContext(input, frozen);
  const kept = groupByKey(input.existing.filter((i) => i.startMs >= input.nowMs));
  const segmentKey = segmentKeys(input);
  const planned: PlannedItem[] = [];
  let rebuilding = false;
  yield;
  for (const seg of segments) {
    const fromMs = Math.max(seg.startMs, planStart);
    if (fromMs >= seg.endMs) continue;
    const key = segmentKey(seg);
    const reuse = rebuilding ? undefined : reusable(kept.get(key), fromMs, seg.endMs, ctx.byId);
    if (reuse === undefined) {
      if (!rebuilding) yield* prepareShared(ctx);
      yield* prepareSegment(ctx, seg);
    }
    const items =
      reuse ?? finalize(materializeSegment(ctx, seg, key, fromMs), seg, key, input.stationId);
    if (reuse === undefined) rebuilding = true;
    planned.push(...items);
    for (const item of items) remember(ctx, item);
    yield;
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

/**
 * What any rebuilt segment may reach for, done once in steps before the first: the library by
 * length (closing a gap) and the fallback programme's block (filling a shortfall).
 */
function* prepareShared(ctx: FillContext): Steps<void> {
  yield* lengthsAhead(ctx);
  const fallback = fallbackBlock(ctx);
  if (fallback !== undefined) yield* prepareAhead(ctx, fallback.key, fallback.rules);
}

/** The segment's own smart block, prepared in steps before the segment is filled. */
function* prepareSegment(ctx: FillContext, seg: Segment): Steps<void> {
  if (seg.content.type !== 'smart_block') return;
  const rules = ctx.input.smartBlocks.get(seg.content.id);
  if (rules !== undefined) yield* prepareAhead(ctx, `#block:${seg.content.id}`, rules);
}

function fillContext(input: StationPlanInput, frozen: readonly PlannedItem[]): FillContext {
  const byId = indexById(input.library);
  const ctx: FillContext = {
    input,
    byId,
    lengths: undefined,
    prepared: new Map(),
    running: [...input.history].sort((a, b) => a.startedAt - b.startedAt),
    latest: new LatestPlays(),
    seed: input.seed ?? input.stationId,
  };
  for (const play of ctx.running) ctx.latest.record(play);
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
  ctx.latest.record(record);
}

/** What makes a segment's content what it is: its span, its source and that source's definition. */
function segmentKeys(input: StationPlanInput): (seg: Segment) => string {
  // Definitions are fingerprinted once per plan, not once per segment.
  const defs = new Map<string, string>();
  const defKey = (type: string, id: string): string => {
    const key = `${type}:${id}`;
    let fp = defs.get(key);
    if (fp === undefined) {
      const def = type === 'smart_block' ? input.smartBlocks.get(id) : input.playlists.get(id);
      fp = fingerprint(def ?? null);
      defs.set(key, fp);
    }
    return fp;
  };
  const fb = input.fallback;
  const fallback = fb === null ? null : { ...fb, def: defKey(fb.type, fb.id) };
  return (seg) => {
    const c = seg.content;
    const definition =
      c.type === 'smart_block' || c.type === 'playlist' ? defKey(c.type, c.id) : null;
    return fingerprint({ station: input.stationId, seg: { ...seg }, definition, fallback });
  };
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
