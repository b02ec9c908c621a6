import type { PriorityTierName } from '@grimnir/contracts';

/**
 * The priority ladder as a pure function: given the explicit sources that claim the air
 * (emergency, live), the automation timeline and `now`, decide who holds the air, how the
 * switch sounds and — on release — where automation resumes. Numerically lower tiers win.
 */
export const TIER = {
  emergency: 0,
  liveOverride: 1,
  liveScheduled: 2,
  automation: 3,
  fallback: 4,
} as const;
export type Tier = (typeof TIER)[keyof typeof TIER];
export type ExplicitTier = 0 | 1 | 2;

export const TIER_NAMES = {
  0: 'emergency',
  1: 'live_override',
  2: 'live_scheduled',
  3: 'automation',
  4: 'fallback',
} as const satisfies Record<Tier, PriorityTierName>;

/** A source that claims the air by itself (an emergency insert or a live DJ). */
export interface PrioritySource {
  id: string;
  tier: ExplicitTier;
  activatedAtMs: number;
}

/** One materialised automation item on the wall-clock timeline. */
export interface TimelineItem {
  id: string;
  startMs: number;
  endMs: number;
  /** Hard-timed items start at their time exactly, never a moment early. */
  hardStart?: boolean;
}

export type Holder =
  | { tier: ExplicitTier; sourceId: string }
  | { tier: 3; itemId: string; offsetMs: number }
  | { tier: 4 };

interface ResolverSettings {
  /** Fade used when a tier takes or releases the air. */
  switchFadeMs: number;
  /** The switch must be complete (fade done) within this long. */
  maxSwitchMs: number;
  /** Resuming an item with less left than this sounds like a glitch: start the next one. */
  minResumeRemainingMs: number;
}

const DEFAULT_RESOLVER_SETTINGS: ResolverSettings = {
  switchFadeMs: 300,
  maxSwitchMs: 500,
  minResumeRemainingMs: 2_000,
};

interface ResolverInput {
  nowMs: number;
  sources: readonly PrioritySource[];
  timeline: readonly TimelineItem[];
  /** What holds the air right now, if known. */
  onAir: Holder | undefined;
  settings?: ResolverSettings;
}

type Change = 'none' | 'take' | 'release';

interface Decision {
  holder: Holder;
  change: Change;
  /** Present when the air changes hands: a short fade that ends before `deadlineMs`. */
  transition: { fadeMs: number; deadlineMs: number } | undefined;
}

/** Where automation should be *now*: the item covering `now` and how far into it we are. */
export function automationPosition(
  timeline: readonly TimelineItem[],
  nowMs: number,
  minRemainingMs: number,
): { itemId: string; offsetMs: number } | undefined {
  const sorted = [...timeline].sort((a, b) => a.startMs - b.startMs);
  const idx = sorted.findIndex((it) => it.startMs <= nowMs && nowMs < it.endMs);
  if (idx >= 0) {
    const cur = sorted[idx];
    if (cur === undefined) return undefined;
    if (cur.endMs - nowMs >= minRemainingMs)
      return { itemId: cur.id, offsetMs: nowMs - cur.startMs };
    // Too little left: start what follows from its top, a moment early rather than a blip.
    const next = sorted[idx + 1];
    if (next !== undefined && next.hardStart !== true && next.startMs - nowMs <= minRemainingMs)
      return { itemId: next.id, offsetMs: 0 };
    return undefined;
  }
  // Between items (a tiny gap in the plan): the next one if it is about to start.
  const upcoming = sorted.find((it) => it.startMs > nowMs);
  if (
    upcoming !== undefined &&
    upcoming.hardStart !== true &&
    upcoming.startMs - nowMs <= minRemainingMs
  )
    return { itemId: upcoming.id, offsetMs: 0 };
  return undefined;
}

/** The explicit source that wins: lowest tier, and within a tier the most recent claim. */
function strongestSource(sources: readonly PrioritySource[]): PrioritySource | undefined {
  let best: PrioritySource | undefined;
  for (const s of sources) {
    if (
      best === undefined ||
      s.tier < best.tier ||
      (s.tier === best.tier && s.activatedAtMs > best.activatedAtMs)
    )
      best = s;
  }
  return best;
}

function sameHolder(a: Holder, b: Holder): boolean {
  if (a.tier !== b.tier) return false;
  if ('sourceId' in a && 'sourceId' in b) return a.sourceId === b.sourceId;
  // Automation moving from item to item is ordinary playout, not a change of hands.
  return true;
}

function changeOf(onAir: Holder | undefined, holder: Holder): Change {
  if (onAir === undefined) return 'take';
  if (sameHolder(onAir, holder)) return 'none';
  return holder.tier <= onAir.tier ? 'take' : 'release';
}

export function resolvePriority(input: ResolverInput): Decision {
  const settings = input.settings ?? DEFAULT_RESOLVER_SETTINGS;
  const source = strongestSource(input.sources);
  let holder: Holder;
  if (source !== undefined) holder = { tier: source.tier, sourceId: source.id };
  else {
    const pos = automationPosition(input.timeline, input.nowMs, settings.minResumeRemainingMs);
    holder = pos === undefined ? { tier: 4 } : { tier: 3, ...pos };
  }
  const change = changeOf(input.onAir, holder);
  const fadeMs = Math.min(settings.switchFadeMs, settings.maxSwitchMs);
  return {
    holder,
    change,
    transition:
      change === 'none' ? undefined : { fadeMs, deadlineMs: input.nowMs + settings.maxSwitchMs },
  };
}
