// Dead-air detector on the programme output. Fires once per silent stretch, after
// `durationMs` of frames whose RMS stays under the threshold.
export interface SilenceState {
  thresholdDb: number;
  durationMs: number;
  silentMs: number;
  reported: boolean;
}

export function createSilenceDetector(thresholdDb: number, durationMs: number): SilenceState {
  return { thresholdDb, durationMs, silentMs: 0, reported: false };
}

// Returns the silent duration when the detector fires on this frame, otherwise undefined.
export function observeSilence(
  state: SilenceState,
  rmsDb: number,
  frameMs: number,
): number | undefined {
  if (rmsDb >= state.thresholdDb) {
    state.silentMs = 0;
    state.reported = false;
    return undefined;
  }
  state.silentMs += frameMs;
  if (!state.reported && state.silentMs >= state.durationMs) {
    state.reported = true;
    return state.silentMs;
  }
  return undefined;
}
