import { decideDeadAir, type DeadAirAction } from './dead-air.js';
import { SILENCE_THRESHOLD_DB } from '../engine/engine-sync.js';

/**
 * The dead-air guard's memory: what the engine last said about silence and sources. The
 * decision itself is the pure `decideDeadAir`; the director carries out the action.
 */
export class DeadAirWatch {
  private silence: { durationMs: number; reportedAtMs: number } | undefined;
  private noSourceSinceMs: number | undefined;
  private lastActionAtMs: number | undefined;

  constructor(private readonly thresholdMs: number) {}

  onSilence(durationMs: number, nowMs: number): void {
    this.silence = { durationMs, reportedAtMs: nowMs };
  }

  onLevels(rmsDb: number): void {
    if (rmsDb > SILENCE_THRESHOLD_DB) this.silence = undefined;
  }

  /** Audio started: whatever was wrong is over. */
  onTrackStarted(): void {
    this.silence = undefined;
    this.noSourceSinceMs = undefined;
  }

  /** The engine reports it plays an item (silence within it is still reported as such). */
  sourceFound(): void {
    this.noSourceSinceMs = undefined;
  }

  noSource(nowMs: number): void {
    this.noSourceSinceMs ??= nowMs;
  }

  /** How long the air has been dead by what the engine reported (0: it is not). */
  deadForMs(nowMs: number): number {
    const silent =
      this.silence === undefined
        ? 0
        : this.silence.durationMs + (nowMs - this.silence.reportedAtMs);
    const noSource = this.noSourceSinceMs === undefined ? 0 : nowMs - this.noSourceSinceMs;
    return Math.max(silent, noSource);
  }

  get sourceMissing(): boolean {
    return this.noSourceSinceMs !== undefined;
  }

  check(
    nowMs: number,
    o: { shouldPlay: boolean; liveOnAir: boolean; hasNextItem: boolean },
  ): DeadAirAction {
    const action = decideDeadAir(
      {
        nowMs,
        silence: this.silence,
        noSourceSinceMs: this.noSourceSinceMs,
        lastActionAtMs: this.lastActionAtMs,
        ...o,
      },
      this.thresholdMs,
    );
    if (action.kind !== 'none') {
      this.lastActionAtMs = nowMs;
      this.silence = undefined;
      this.noSourceSinceMs = undefined;
    }
    return action;
  }
}
