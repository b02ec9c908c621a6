import { FRAME_MS } from './mixer/format.js';

// Frames owed to real time, computed from a monotonic clock rather than by counting timer
// ticks, so a late tick is made up by the next one and nothing drifts (trap 5).
export interface StationClock {
  startMs: number;
  sent: number;
  slips: number;
}

export function createClock(nowMs: number): StationClock {
  return { startMs: nowMs, sent: 0, slips: 0 };
}

// Returns how many frames to render now. `prerollFrames` keeps the encoders that far ahead of
// real time; after a stall longer than `maxBurstFrames` the clock is rebased (a slip) instead of
// bursting minutes of audio at once.
export function dueFrames(
  clock: StationClock,
  nowMs: number,
  prerollFrames: number,
  maxBurstFrames: number,
): number {
  const owed = Math.floor((nowMs - clock.startMs) / FRAME_MS) + prerollFrames - clock.sent;
  if (owed <= 0) return 0;
  if (owed > maxBurstFrames) {
    clock.startMs += (owed - maxBurstFrames) * FRAME_MS;
    clock.slips += 1;
    clock.sent += maxBurstFrames;
    return maxBurstFrames;
  }
  clock.sent += owed;
  return owed;
}
