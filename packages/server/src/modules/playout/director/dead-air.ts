/**
 * Dead-air guard, decision part. The engine reports silence (with how long it has lasted) and
 * output/source trouble; the guard decides whether to act. Pure: the loop that feeds it lives
 * in the director.
 */
export interface DeadAirObservation {
  nowMs: number;
  /** Engine-reported continuous silence, if any, and when that report arrived. */
  silence: { durationMs: number; reportedAtMs: number } | undefined;
  /** Since when the engine has reported no source at all (stopped while it should play). */
  noSourceSinceMs: number | undefined;
  /** True when the station is supposed to be on air (not stopped by an operator). */
  shouldPlay: boolean;
  /** True when an operator-chosen silent source holds the air (a live show may be quiet). */
  liveOnAir: boolean;
  /** When the guard last acted; it waits a full threshold before acting again. */
  lastActionAtMs: number | undefined;
  /** Whether automation has a next item to move to. */
  hasNextItem: boolean;
}

export type DeadAirAction =
  | { kind: 'none' }
  | { kind: 'skip'; reason: 'silence' | 'no_source'; deadMs: number }
  | { kind: 'fallback'; reason: 'silence' | 'no_source'; deadMs: number };

/** How long the air has been dead, by the worst of the two signals. */
function deadAirMs(o: DeadAirObservation): number {
  const silent =
    o.silence === undefined ? 0 : o.silence.durationMs + (o.nowMs - o.silence.reportedAtMs);
  const noSource = o.noSourceSinceMs === undefined ? 0 : o.nowMs - o.noSourceSinceMs;
  return Math.max(silent, noSource);
}

export function decideDeadAir(o: DeadAirObservation, thresholdMs: number): DeadAirAction {
  if (!o.shouldPlay || o.liveOnAir) return { kind: 'none' };
  const dead = deadAirMs(o);
  if (dead <= thresholdMs) return { kind: 'none' };
  if (o.lastActionAtMs !== undefined && o.nowMs - o.lastActionAtMs <= thresholdMs)
    return { kind: 'none' };
  const silentMs =
    o.silence === undefined ? 0 : o.silence.durationMs + (o.nowMs - o.silence.reportedAtMs);
  const reason = silentMs >= dead ? 'silence' : 'no_source';
  return o.hasNextItem
    ? { kind: 'skip', reason, deadMs: dead }
    : { kind: 'fallback', reason, deadMs: dead };
}
