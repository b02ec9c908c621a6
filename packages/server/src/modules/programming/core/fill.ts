import { smartBlockRulesSchema, type SmartBlockRules } from '@grimnir/contracts';
import { shuffle, createRng } from './rng.js';
import { prepareSmartBlock, prepareSmartBlockSteps, type PreparedBlock } from './prepare.js';
import { runToEnd, type Steps } from './steps.js';
import { lengthOrderSteps, type LengthOrder } from './duration-index.js';
import { runPreparedBlock } from './smart-block-engine.js';
import { playableMs, type PlayRecord, type Track } from './track.js';
import { deterministicId } from './fingerprint.js';
import type { ItemSourceType, PlannedItem, PlaylistDef, StationPlanInput } from './plan-types.js';
import type { Segment } from './segments.js';
import type { LatestPlays } from './separation.js';

/** Rotation used when a station has no fallback programme: anything in the library, no repeats within the hour. */
const DEFAULT_FALLBACK_RULES: SmartBlockRules = smartBlockRulesSchema.parse({
  separation: { artist_minutes: 30, title_minutes: 180 },
});
const SUB_SECOND_MS = 1_000;
const CLOSER_SEPARATION_MS = 3_600_000;

export interface FillContext {
  input: StationPlanInput;
  byId: ReadonlyMap<string, Track>;
  /**
   * The library by playable length, built once per plan (lengthsAhead, or on first use): every
   * block's pool is filtered from it, and closing a gap picks the shortest track that covers it.
   */
  lengths: LengthOrder | undefined;
  prepared: Map<string, PreparedBlock>;
  /** Plays so far in time order: history, then aired and planned items. */
  running: PlayRecord[];
  /** The same plays' latest start per artist, title and album (separation across blocks). */
  latest: LatestPlays;
  seed: string;
}

export type Draft = Omit<PlannedItem, 'id' | 'segmentKey' | 'entryId' | 'clockId' | 'hardStart'>;

const blank = {
  webstreamId: null,
  label: null,
  cueInMs: null,
  cueOutMs: null,
  fadeInMs: null,
  fadeOutMs: null,
  sourceId: null,
  reason: null,
} as const;

export function mediaDraft(
  track: Track,
  startMs: number,
  sourceType: ItemSourceType,
  extra: Partial<Draft> = {},
): Draft {
  return {
    ...blank,
    kind: 'media',
    mediaId: track.id,
    startMs,
    endMs: startMs + playableMs(track),
    // Cue points stay null (the track's own, read when the director loads the item), so an edit
    // in the library reaches items planned before it; only explicit overrides are copied.
    cueInMs: null,
    cueOutMs: null,
    sourceType,
    ...extra,
  };
}

export function streamDraft(
  kind: 'webstream' | 'live',
  seg: Segment,
  fromMs: number,
  id: string | null,
  label: string | null,
): Draft {
  return {
    ...blank,
    kind,
    mediaId: null,
    webstreamId: id,
    label,
    startMs: fromMs,
    endMs: seg.endMs,
    sourceType: kind,
  };
}

/** The plan's LengthOrder in steps, once: the planner runs this before the first segment. */
export function* lengthsAhead(ctx: FillContext): Steps<LengthOrder> {
  return (ctx.lengths ??= yield* lengthOrderSteps(ctx.input.library));
}

function lengthsOf(ctx: FillContext): LengthOrder {
  return (ctx.lengths ??= runToEnd(lengthOrderSteps(ctx.input.library)));
}

function preparedFor(ctx: FillContext, key: string, rules: SmartBlockRules): PreparedBlock {
  let prepared = ctx.prepared.get(key);
  if (prepared === undefined) {
    const { library, nowMs } = ctx.input;
    prepared = prepareSmartBlock(library, rules, nowMs, ctx.byId, lengthsOf(ctx));
    ctx.prepared.set(key, prepared);
  }
  return prepared;
}

/**
 * Prepares a block ahead of the segment that runs it, in steps: the planner yields while a
 * big library is filtered and indexed instead of doing it inside one segment's fill.
 */
export function* prepareAhead(ctx: FillContext, key: string, rules: SmartBlockRules): Steps<void> {
  if (ctx.prepared.has(key)) return;
  const lengths = yield* lengthsAhead(ctx);
  const { library, nowMs } = ctx.input;
  const prepared = yield* prepareSmartBlockSteps(library, rules, nowMs, ctx.byId, lengths);
  ctx.prepared.set(key, prepared);
}

/** The block the fallback programme runs (undefined for a playlist fallback that exists). */
export function fallbackBlock(
  ctx: FillContext,
): { key: string; rules: SmartBlockRules } | undefined {
  const fb = ctx.input.fallback;
  if (fb?.type === 'playlist' && ctx.input.playlists.has(fb.id)) return undefined;
  const rules = fb?.type === 'smart_block' ? ctx.input.smartBlocks.get(fb.id) : undefined;
  return rules === undefined
    ? { key: '#default-fallback', rules: DEFAULT_FALLBACK_RULES }
    : { key: `#fallback:${fb?.id ?? ''}`, rules };
}

// Separation and windowed quotas never look back more than a week (the schema's cap).
function recentPlays(ctx: FillContext, atMs: number, rules: SmartBlockRules): PlayRecord[] {
  const s = rules.separation;
  const quotaMinutes = rules.quotas.map((q) => q.window_minutes ?? 0);
  const lookback =
    Math.max(s.artist_minutes, s.title_minutes, s.album_minutes, ...quotaMinutes) * 60_000;
  const from = atMs - lookback;
  let i = ctx.running.length;
  while (i > 0 && (ctx.running[i - 1] as PlayRecord).startedAt >= from) i--;
  return ctx.running.slice(i);
}

export function smartBlockDrafts(
  ctx: FillContext,
  key: string,
  rules: SmartBlockRules,
  window: { startMs: number; endMs: number },
  seed: string,
  sourceType: ItemSourceType,
  sourceId: string | null,
): Draft[] {
  const prepared = preparedFor(ctx, key, rules);
  const recent = recentPlays(ctx, window.startMs, rules);
  const result = runPreparedBlock(prepared, recent, window, seed, ctx.latest);
  return result.items.map((item) =>
    mediaDraft(item.track, item.startMs, item.kind === 'filler' ? 'filler' : sourceType, {
      sourceId,
      reason: item.reason.summary,
    }),
  );
}

export function playlistDrafts(
  ctx: FillContext,
  playlist: PlaylistDef,
  fromMs: number,
  endMs: number,
  seed: string,
  sourceType: ItemSourceType,
): Draft[] {
  const order =
    playlist.mode === 'shuffled' ? shuffle(playlist.items, createRng(seed)) : playlist.items;
  const playable = order.filter((i) => ctx.byId.has(i.mediaId));
  const out: Draft[] = [];
  let cursor = fromMs;
  for (let n = 0; cursor < endMs && playable.length > 0 && n < 10_000; n++) {
    const item = playable[n % playable.length];
    const track = item === undefined ? undefined : ctx.byId.get(item.mediaId);
    if (item === undefined || track === undefined) break;
    const cueIn = item.cueInMs ?? track.cueInMs ?? 0;
    const cueOut = item.cueOutMs ?? track.cueOutMs ?? track.durationMs;
    if (cueOut - cueIn <= 0) continue;
    out.push({
      ...mediaDraft(track, cursor, sourceType, { sourceId: playlist.id }),
      endMs: cursor + (cueOut - cueIn),
      cueInMs: item.cueInMs ?? null,
      cueOutMs: item.cueOutMs ?? null,
      fadeInMs: item.fadeInMs ?? null,
      fadeOutMs: item.fadeOutMs ?? null,
    });
    cursor += cueOut - cueIn;
  }
  return out;
}

/** The station's fallback programme over [fromMs, endMs): its smart block, playlist or a rotation. */
export function fallbackDrafts(
  ctx: FillContext,
  fromMs: number,
  endMs: number,
  seed: string,
): Draft[] {
  const fb = ctx.input.fallback;
  if (fb?.type === 'playlist') {
    const playlist = ctx.input.playlists.get(fb.id);
    if (playlist) return playlistDrafts(ctx, playlist, fromMs, endMs, seed, 'fallback');
  }
  const block = fallbackBlock(ctx) ?? { key: '#default-fallback', rules: DEFAULT_FALLBACK_RULES };
  const window = { startMs: fromMs, endMs };
  return smartBlockDrafts(ctx, block.key, block.rules, window, seed, 'fallback', fb?.id ?? null);
}

/**
 * Makes drafts end exactly at `endMs`: an overrun is cut at the boundary; a shortfall of under a
 * second stretches the last item (inside any crossfade); a longer one gets the shortest library
 * item that covers it, cut at the boundary. Only an empty library can leave a gap.
 */
export function closeAt(ctx: FillContext, drafts: Draft[], fromMs: number, endMs: number): Draft[] {
  const out = drafts.filter((d) => d.startMs < endMs);
  const last = out[out.length - 1];
  if (last !== undefined && last.endMs >= endMs) {
    last.endMs = endMs;
    return out;
  }
  let cursor = last?.endMs ?? fromMs;
  if (last !== undefined && endMs - cursor < SUB_SECOND_MS) {
    last.endMs = endMs;
    return out;
  }
  for (let guard = 0; cursor < endMs && guard < 1_000; guard++) {
    const gap = endMs - cursor;
    const previous = out[out.length - 1]?.mediaId ?? null;
    const cover = coveringTrack(ctx, gap, previous, cursor);
    if (cover === undefined) break;
    const end = Math.min(endMs, cursor + playableMs(cover));
    const reason = `closes a ${Math.round(gap / 1000)} s gap${end === endMs ? ', cut at the boundary' : ''}`;
    out.push({ ...mediaDraft(cover, cursor, 'filler'), endMs: end, reason });
    cursor = end;
  }
  return out;
}

/**
 * Shortest track at least `ms` long whose artist has not played in the last hour (closers are
 * usually jingles; a song only when nothing shorter covers the gap); else the longest track.
 */
function coveringTrack(
  ctx: FillContext,
  ms: number,
  avoid: string | null,
  atMs: number,
): Track | undefined {
  const { ms: lengthOf, order } = lengthsOf(ctx);
  const track = (k: number): Track => ctx.input.library[order[k] as number] as Track;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lengthOf[order[mid] as number] ?? 0) < ms) lo = mid + 1;
    else hi = mid;
  }
  if (order.length === 0) return undefined;
  if (lo >= order.length) return track(order.length - 1);
  const recent = new Set(
    ctx.running
      .filter((p) => p.startedAt > atMs - CLOSER_SEPARATION_MS)
      .map((p) => p.artist.toLowerCase()),
  );
  for (let k = lo; k < Math.min(order.length, lo + 500); k++) {
    const t = track(k);
    if (t.id !== avoid && !recent.has(t.artist.toLowerCase())) return t;
  }
  return track(lo);
}

export function finalize(
  drafts: readonly Draft[],
  seg: Segment,
  key: string,
  stationId: string,
): PlannedItem[] {
  return drafts.map((d, index) => {
    const item = {
      ...d,
      segmentKey: key,
      entryId: seg.entryId,
      clockId: seg.clockId,
      hardStart: index === 0 && seg.hardStart && d.startMs === seg.startMs,
    };
    return { ...item, id: deterministicId({ stationId, index, ...item }) };
  });
}
