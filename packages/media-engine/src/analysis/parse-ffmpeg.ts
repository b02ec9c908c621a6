// Pure parsers for ffmpeg's ebur128 and silencedetect logs, and the cue/intro/outro decisions
// built on them.

interface LoudnessSummary {
  integratedLufs: number;
  lraLu: number;
  truePeakDbtp: number;
  momentary: { tMs: number; lufs: number }[];
}

function num(re: RegExp, text: string): number | undefined {
  const m = re.exec(text);
  return m?.[1] === undefined ? undefined : Number.parseFloat(m[1]);
}

export function parseEbur128(log: string): LoudnessSummary | undefined {
  const at = log.lastIndexOf('Summary:');
  if (at < 0) return undefined;
  const summary = log.slice(at);
  const integrated = num(/I:\s+(-?[\d.]+|-inf) LUFS/, summary);
  const lra = num(/LRA:\s+(-?[\d.]+) LU/, summary);
  const peak = num(/Peak:\s+(-?[\d.]+|-inf) dBFS/, summary);
  const momentary: { tMs: number; lufs: number }[] = [];
  for (const m of log.matchAll(/t: ([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(-?[\d.]+)/g)) {
    momentary.push({
      tMs: Math.round(Number.parseFloat(m[1] ?? '0') * 1000),
      lufs: Number.parseFloat(m[2] ?? '-120'),
    });
  }
  return {
    integratedLufs: integrated ?? -70,
    lraLu: lra ?? 0,
    truePeakDbtp: peak ?? -120,
    momentary,
  };
}

interface SilenceSpan {
  startMs: number;
  endMs: number | undefined;
}

export function parseSilences(log: string): SilenceSpan[] {
  const spans: SilenceSpan[] = [];
  for (const m of log.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const ms = Math.max(0, Math.round(Number.parseFloat(m[2] ?? '0') * 1000));
    if (m[1] === 'start') spans.push({ startMs: ms, endMs: undefined });
    else {
      const open = spans[spans.length - 1];
      if (open && open.endMs === undefined) open.endMs = ms;
    }
  }
  return spans;
}

// Leading silence ends at cue in; trailing silence (running to the end) starts at cue out.
// Slack covers the decoder's rounding of the final frame.
export function cuePoints(
  spans: SilenceSpan[],
  durationMs: number,
): { cueInMs: number; cueOutMs: number } {
  const slack = 50;
  const first = spans[0];
  const last = spans[spans.length - 1];
  let cueInMs = first && first.startMs <= slack && first.endMs !== undefined ? first.endMs : 0;
  let cueOutMs = durationMs;
  if (
    last &&
    (last.endMs === undefined || last.endMs >= durationMs - slack) &&
    last.startMs > cueInMs
  ) {
    cueOutMs = last.startMs;
  }
  if (first && first.startMs <= slack && first.endMs === undefined) {
    // The whole file is silent.
    cueInMs = 0;
    cueOutMs = durationMs;
  }
  return { cueInMs, cueOutMs };
}

// The intro ends when momentary loudness first comes within 3 LU of the item's integrated
// loudness; the outro starts after the last moment it does. Estimates for the director's talk-up
// and segue decisions, not sample-accurate points.
export function introOutro(
  summary: LoudnessSummary,
  cueInMs: number,
  cueOutMs: number,
): { introEndMs: number; outroStartMs: number } {
  const threshold = summary.integratedLufs - 3;
  // ebur128 stamps a momentary value at the end of its 400 ms window.
  const inside = summary.momentary.filter((m) => m.tMs - 400 >= cueInMs && m.tMs <= cueOutMs);
  const loud = inside.filter((m) => m.lufs >= threshold);
  const first = loud[0];
  const last = loud[loud.length - 1];
  return {
    introEndMs: first ? Math.max(cueInMs, first.tMs - 400) : cueInMs,
    outroStartMs: last ? Math.min(cueOutMs, last.tMs) : cueOutMs,
  };
}

// ReplayGain 2.0 refers to -18 LUFS.
export function replayGainDb(integratedLufs: number): number {
  return Math.round((-18 - integratedLufs) * 100) / 100;
}
