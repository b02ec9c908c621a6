import { RELAXATION_ORDER, type Relaxation, type SmartBlockRules } from '@grimnir/contracts';
import { energyTarget } from './energy.js';
import { planFillers } from './fillers.js';
import { pickTrack, type Pick, type PickContext } from './pick.js';
import { prepareSmartBlock, type PreparedBlock } from './prepare.js';
import { QuotaBook, quotaLabels, type QuotaState, type TimedTrack } from './quotas.js';
import { createRng, type Rng } from './rng.js';
import { LatestPlays, SeparationTracker } from './separation.js';
import { playableMs, trackEnergy, type PlayRecord, type Track } from './track.js';

interface TimeWindow {
  startMs: number;
  endMs: number;
}

interface ItemReason {
  summary: string;
  matched: string[];
  weight: number;
  energy: number;
  energyTarget: number | undefined;
  fit: Pick['fit'] | 'filler';
  relaxed: Relaxation[];
  quotas: string[];
}

export interface BlockItem {
  track: Track;
  startMs: number;
  durationMs: number;
  kind: 'music' | 'filler';
  reason: ItemReason;
}

export interface RelaxationRecord {
  constraint: Relaxation;
  itemIndex: number;
  detail: string;
}

export interface SmartBlockResult {
  items: BlockItem[];
  targetMs: number;
  totalMs: number;
  /** > 0: the block ends this much early; < 0: this much late (both within tolerance unless relaxed). */
  shortfallMs: number;
  relaxations: RelaxationRecord[];
}

interface SmartBlockInput {
  library: readonly Track[];
  history: readonly PlayRecord[];
  rules: SmartBlockRules;
  window: TimeWindow;
  seed: string | number;
}

/** Pure entry point: `(library, history, rules, window, seed) → items + reasons`. */
export function runSmartBlock(input: SmartBlockInput): SmartBlockResult {
  const prepared = prepareSmartBlock(input.library, input.rules, input.window.startMs);
  return runPreparedBlock(prepared, input.history, input.window, input.seed);
}

interface BlockState {
  prepared: PreparedBlock;
  window: TimeWindow;
  rng: Rng;
  separation: SeparationTracker;
  quotas: QuotaBook;
  past: TimedTrack[];
  placed: TimedTrack[];
  usedIds: Set<string>;
  result: SmartBlockResult;
}

/**
 * `aired`, when given, is the separation state of `history` (and possibly of older plays) kept
 * by the caller; `history` then only feeds the quotas.
 */
export function runPreparedBlock(
  prepared: PreparedBlock,
  history: readonly PlayRecord[],
  window: TimeWindow,
  seed: string | number,
  aired?: LatestPlays,
): SmartBlockResult {
  const state = initState(prepared, history, window, seed, aired);
  const tol = prepared.rules.tolerance_ms;
  for (let guard = 0; guard < 10_000; guard++) {
    const remaining = state.result.targetMs - state.result.totalMs;
    if (remaining <= tol) break;
    if (!fillStep(state, remaining)) break;
  }
  state.result.shortfallMs = state.result.targetMs - state.result.totalMs;
  return state.result;
}

function initState(
  prepared: PreparedBlock,
  history: readonly PlayRecord[],
  window: TimeWindow,
  seed: string | number,
  aired: LatestPlays | undefined,
): BlockState {
  const separation = new SeparationTracker(prepared.rules.separation, aired ?? latestOf(history));
  const past: TimedTrack[] = [];
  for (const play of history) {
    const track = play.track ?? prepared.byId().get(play.mediaId);
    if (track !== undefined) past.push({ track, startedAt: play.startedAt });
  }
  const targetMs = Math.max(0, window.endMs - window.startMs);
  return {
    prepared,
    window,
    rng: createRng(seed),
    separation,
    quotas: new QuotaBook(prepared.rules.quotas, prepared.nowMs, window),
    past,
    placed: [],
    usedIds: new Set(),
    result: { items: [], targetMs, totalMs: 0, shortfallMs: targetMs, relaxations: [] },
  };
}

function latestOf(history: readonly PlayRecord[]): LatestPlays {
  const latest = new LatestPlays();
  for (const play of history) latest.record(play);
  return latest;
}

/**
 * One step: a track under every rule; else (when so little time is left that hardly any song
 * could fit) fillers if they close the block; else the same pick with constraints relaxed one
 * more at a time in RELAXATION_ORDER; else fillers as far as they go; else give up short.
 * Returns false when the block cannot grow any more.
 */
function fillStep(state: BlockState, remaining: number): boolean {
  const { rules, pool, fillers } = state.prepared;
  const atMs = state.window.startMs + state.result.totalMs;
  const quotaState = state.quotas.state(atMs, state.past, state.placed, pool.quantile(0.5));
  const relaxed = new Set<Relaxation>();
  const strict = pickTrack(context(state, quotaState, remaining, relaxed));
  if (strict) return place(state, strict, quotaState, []);
  const lastId = state.result.items[state.result.items.length - 1]?.track.id;
  const closing = planFillers(fillers, remaining, rules.tolerance_ms, lastId, state.usedIds);
  const closes = closing.tracks.length > 0 && closing.remainingMs <= rules.tolerance_ms;
  if (closes && (pool.size === 0 || remaining < pool.quantile(0.05))) {
    for (const track of closing.tracks) placeFiller(state, track);
    return false;
  }
  for (const level of RELAXATION_ORDER) {
    if (level === 'duration_tolerance') break;
    relaxed.add(level);
    const pick = pickTrack(context(state, quotaState, remaining, relaxed));
    if (pick) return place(state, pick, quotaState, [...relaxed]);
  }
  for (const track of closing.tracks) placeFiller(state, track);
  if (closes) return false;
  const short = state.result.targetMs - state.result.totalMs;
  state.result.relaxations.push({
    constraint: 'duration_tolerance',
    itemIndex: state.result.items.length,
    detail: `block ends ${Math.round(short / 1000)} s short of its target: nothing else fits`,
  });
  return false;
}

function context(
  state: BlockState,
  quotaState: QuotaState,
  remainingMs: number,
  relaxed: ReadonlySet<Relaxation>,
): PickContext {
  const { window, result, prepared } = state;
  const position = result.targetMs === 0 ? 0 : result.totalMs / result.targetMs;
  return {
    pool: prepared.pool,
    rng: state.rng,
    separation: state.separation,
    quotaState,
    usedIds: state.usedIds,
    lastId: result.items[result.items.length - 1]?.track.id,
    atMs: window.startMs + result.totalMs,
    remainingMs,
    toleranceMs: prepared.rules.tolerance_ms,
    energyTarget: energyTarget(prepared.rules.energy_curve, position),
    relaxed,
  };
}

function place(state: BlockState, pick: Pick, quotaState: QuotaState, relaxed: Relaxation[]) {
  const { track } = pick;
  const startMs = state.window.startMs + state.result.totalMs;
  const position = state.result.targetMs === 0 ? 0 : state.result.totalMs / state.result.targetMs;
  const target = energyTarget(state.prepared.rules.energy_curve, position);
  const matched = state.prepared.includeLabels.filter((l) => l.matches(track)).map((l) => l.label);
  const weight = state.prepared.weightOf(track);
  const quotas = quotaLabels(quotaState).filter(() => !relaxed.includes('quota_min'));
  const reason: ItemReason = {
    summary: summarize(matched, weight, target, track, pick.fit, relaxed, quotas),
    matched,
    weight,
    energy: trackEnergy(track),
    energyTarget: target,
    fit: pick.fit,
    relaxed,
    quotas,
  };
  const index = state.result.items.length;
  for (const constraint of relaxed.slice(-1)) {
    state.result.relaxations.push({
      constraint,
      itemIndex: index,
      detail: `${track.artist} – ${track.title}`,
    });
  }
  addItem(state, { track, startMs, durationMs: playableMs(track), kind: 'music', reason });
  return true;
}

function placeFiller(state: BlockState, track: Track): void {
  const startMs = state.window.startMs + state.result.totalMs;
  const reason: ItemReason = {
    summary: 'filler closing the block to its target length',
    matched: [],
    weight: 1,
    energy: trackEnergy(track),
    energyTarget: undefined,
    fit: 'filler',
    relaxed: [],
    quotas: [],
  };
  addItem(state, { track, startMs, durationMs: playableMs(track), kind: 'filler', reason });
}

function addItem(state: BlockState, item: BlockItem): void {
  state.result.items.push(item);
  state.result.totalMs += item.durationMs;
  state.usedIds.add(item.track.id);
  if (item.kind === 'music') {
    state.separation.record({ ...item.track, startedAt: item.startMs });
    state.placed.push({ track: item.track, startedAt: item.startMs });
  }
}

function summarize(
  matched: string[],
  weight: number,
  target: number | undefined,
  track: Track,
  fit: Pick['fit'],
  relaxed: Relaxation[],
  quotas: string[],
): string {
  const parts = [matched.length > 0 ? `matches ${matched.join(', ')}` : 'in the pool'];
  if (weight !== 1) parts.push(`weight ${weight}`);
  if (target !== undefined) {
    parts.push(`energy ${trackEnergy(track).toFixed(2)} for target ${target.toFixed(2)}`);
  }
  if (quotas.length > 0) parts.push(`needed for quota ${quotas.join(', ')}`);
  parts.push(
    fit === 'finish'
      ? 'fits the end of the block'
      : fit === 'tight'
        ? 'leaves room for fillers only'
        : 'fits the remaining time',
  );
  if (relaxed.length > 0) parts.push(`relaxed ${relaxed.join(', ')}`);
  return parts.join('; ');
}
