// The soak's figures, from what was recorded (pure functions, so the definitions are in one
// place and can be read next to docs/operations.md#soak-bench).
import type { Block, DeadAir } from './listener.js';

/**
 * Dead air around an injected engine kill is the kill's (reported per kill): from 1 s before the
 * kill to 4 s after the new engine listens (the director configures it again and the audio
 * reaches listeners). How long the engine took to start is reported beside it.
 */
export const KILL_WINDOW = { beforeMs: 1_000, afterListeningMs: 4_000 };

interface Kill {
  atMs: number;
  listeningAfterMs: number;
}
/** Now-playing may lag or lead what is heard by this much (a crossfade, a poll period). */
const AGREE_TOLERANCE_MS = 2_000;
/** A station counts as silent for /healthz after this long (its off-air threshold plus a poll). */
const SILENT_FOR_MS = 3_000;

export interface NowPlayingSample {
  atMs: number;
  /** 'silence' (off air), 'live', a media id, or undefined when the API did not answer. */
  key: string | undefined;
}

export interface HealthSample {
  atMs: number;
  replica: string;
  status: number;
}

export interface ProcSample {
  atMs: number;
  pid: number;
  rssKb: number;
  fds: number;
}

/**
 * Each kill's window, [from, to] in epoch ms, made disjoint (a window that begins inside the one
 * before it starts where that one ends), so no dead air is counted twice.
 */
function killWindows(kills: readonly Kill[]) {
  let prevTo = -Infinity;
  return kills.map((k) => {
    const from = Math.max(k.atMs - KILL_WINDOW.beforeMs, prevTo);
    const to = Math.max(from, k.atMs + k.listeningAfterMs + KILL_WINDOW.afterListeningMs);
    prevTo = to;
    return { from, to };
  });
}

/**
 * Dead air inside each kill's window and outside them all. Each stretch is an interval (a stall
 * can last minutes: an engine that never came back), so the part inside a window is the kill's
 * and the rest is outside, whichever end of it the window holds.
 */
export function deadAirSplit(
  deadAir: readonly DeadAir[],
  kills: readonly Kill[],
  fromMs: number,
  toMs: number,
) {
  const windows = killWindows(kills);
  const perKill = kills.map(() => 0);
  let outside = 0;
  let longestOutside = 0;
  let run = 0;
  let lastSilenceAt = 0;
  const stretches: { atMs: number; seconds: number; kind: string }[] = [];
  for (const d of deadAir) {
    const begin = Math.max(fromMs, d.atMs - d.seconds * 1000);
    const end = Math.min(toMs, d.atMs);
    if (end <= begin) continue;
    let inside = 0;
    windows.forEach((w, k) => {
      const o = Math.max(0, Math.min(end, w.to) - Math.max(begin, w.from));
      perKill[k] = (perKill[k] ?? 0) + o / 1000;
      inside += o;
    });
    const seconds = (end - begin - inside) / 1000;
    if (seconds < 0.001) continue;
    outside += seconds;
    // Silent blocks 100 ms apart are one stretch; a stall is its own.
    if (d.kind === 'silence') {
      const joined = d.atMs - lastSilenceAt <= 250;
      run = joined ? run + seconds : seconds;
      lastSilenceAt = d.atMs;
      if (joined && stretches.at(-1)?.kind === 'silence') stretches.at(-1)!.seconds = run;
      else stretches.push({ atMs: d.atMs, seconds: run, kind: 'silence' });
    } else {
      run = seconds;
      stretches.push({ atMs: begin, seconds, kind: 'stall' });
    }
    longestOutside = Math.max(longestOutside, run);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    outside_s: r(outside),
    longest_outside_s: r(longestOutside),
    in_kill_windows_s: r(perKill.reduce((a, b) => a + b, 0)),
    per_kill_s: perKill.map(r),
    /** Where the dead air outside kill windows was (every stretch, however short). */
    outside_stretches: stretches.map((x) => ({ ...x, seconds: r(x.seconds) })),
  };
}

/** Blocks more than this apart are a break in the stream (they come several a second). */
const STREAM_BREAK_MS = 500;

/**
 * For each kill, when sound was heard again, in ms after the kill: the first block with sound
 * after the stream's first break following the kill (blocks already on their way when it came
 * are the old engine's); undefined when none came.
 */
export function audioBackAfterKill(blocks: readonly Block[], kills: readonly { atMs: number }[]) {
  return kills.map((k) => {
    let i = blocks.findIndex((b) => b.atMs >= k.atMs);
    if (i < 0) return undefined;
    while (i + 1 < blocks.length && blocks[i + 1]!.atMs - blocks[i]!.atMs < STREAM_BREAK_MS) i++;
    i++;
    while (i < blocks.length && blocks[i]!.silent) i++;
    const b = blocks[i];
    return b === undefined ? undefined : b.atMs - k.atMs;
  });
}

/**
 * Heard items per block: 'silence', 'live', media ids (two while a crossfade mixes them), or
 * 'noise' (sound without a clear tone: a fade's tail, or a corrupted file decoding garbage).
 */
type KeysOf = (b: Block) => readonly string[];

/**
 * `corrupted`: media the soak overwrote with garbage, with when. From then on that item sounds
 * as noise (its decoder finds a few frames in the garbage before it gives up), so now-playing
 * naming it while noise is heard agrees with the audio.
 */
export function nowPlayingAgreement(
  blocks: readonly Block[],
  samples: readonly NowPlayingSample[],
  keysOf: KeysOf,
  fromMs: number,
  toMs: number,
  corrupted: ReadonlyMap<string, number> = new Map(),
) {
  let disagree = 0;
  let unavailable = 0;
  let compared = 0;
  // Consecutive disagreeing seconds as one stretch: when, how long, what each side said.
  const runs: { at: string; seconds: number; api: string; heard: string[] }[] = [];
  let lastT = -1;
  const unavailableAt: number[] = [];
  let si = 0;
  let bi = 0;
  for (let t = fromMs; t + 1_000 <= toMs; t += 1_000) {
    while (si + 1 < samples.length && samples[si + 1]!.atMs <= t + 999) si++;
    const s = samples[si];
    if (!s || s.atMs > t + 999) continue;
    if (s.key === undefined) {
      unavailable++;
      unavailableAt.push(t);
      continue;
    }
    while (bi < blocks.length && blocks[bi]!.atMs < t - AGREE_TOLERANCE_MS) bi++;
    const heard = new Set<string>();
    for (let j = bi; j < blocks.length && blocks[j]!.atMs < t + 1_000 + AGREE_TOLERANCE_MS; j++) {
      const b = blocks[j]!;
      if (b.burst) continue;
      for (const k of keysOf(b)) heard.add(k);
    }
    if (heard.size === 0) continue;
    compared++;
    const noise = heard.has('noise') && (corrupted.get(s.key) ?? Infinity) <= t + 1_000;
    if (!heard.has(s.key) && !noise) {
      disagree++;
      const last = runs.at(-1);
      if (last && lastT === t - 1_000) last.seconds++;
      else runs.push({ at: new Date(t).toISOString(), seconds: 1, api: s.key, heard: [...heard] });
      lastT = t;
    }
  }
  return {
    disagree_s: disagree,
    unavailable_s: unavailable,
    unavailable_runs: stretches(unavailableAt),
    compared_s: compared,
    runs,
  };
}

export function greenWhileSilent(
  blocks: readonly Block[],
  health: readonly HealthSample[],
  fromMs: number,
  toMs: number,
) {
  const lastLoud: number[] = [];
  // Time of the latest non-silent block at or before each second.
  let bi = 0;
  let loud = fromMs;
  for (let t = fromMs; t + 1_000 <= toMs; t += 1_000) {
    while (bi < blocks.length && blocks[bi]!.atMs < t + 1_000) {
      const b = blocks[bi]!;
      if (!b.silent && !b.burst) loud = b.atMs;
      bi++;
    }
    lastLoud.push(loud);
  }
  let seconds = 0;
  const examples: { atMs: number; replica: string }[] = [];
  for (let i = 0; i < lastLoud.length; i++) {
    const t = fromMs + i * 1_000;
    if (t + 1_000 - lastLoud[i]! < SILENT_FOR_MS + 1_000) continue;
    const green = health.find((h) => h.atMs >= t && h.atMs < t + 1_000 && h.status === 200);
    if (green) {
      seconds++;
      if (examples.length < 10) examples.push({ atMs: t, replica: green.replica });
    }
  }
  return { seconds, examples };
}

/** Least-squares slope of y over hours. */
function slopePerHour(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

/**
 * RSS and descriptor slope over the longest life of one process (a restarted process starts a
 * new life), its first minute left out (start-up allocations are not a leak).
 */
export function growth(samples: readonly ProcSample[]) {
  let best: ProcSample[] = [];
  let cur: ProcSample[] = [];
  for (const s of samples) {
    if (cur.length > 0 && cur[0]!.pid !== s.pid) cur = [];
    cur.push(s);
    if (cur.length > best.length) best = [...cur];
  }
  const settled = best.filter((s) => s.atMs - best[0]!.atMs >= 60_000);
  const life = settled.length >= 5 ? settled : best;
  if (life.length < 3) return undefined;
  const xs = life.map((s) => s.atMs);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    minutes_fitted: r((xs.at(-1)! - xs[0]!) / 60_000),
    lives: new Set(samples.map((s) => s.pid)).size,
    rss_mb_last: r(life.at(-1)!.rssKb / 1024),
    rss_mb_per_h: r(
      slopePerHour(
        xs,
        life.map((s) => s.rssKb / 1024),
      ),
    ),
    fds_last: life.at(-1)!.fds,
    fds_per_h: r(
      slopePerHour(
        xs,
        life.map((s) => s.fds),
      ),
    ),
  };
}

/** Seconds (epoch ms, ascending) as stretches: "hh:mm:ss+Ns". */
function stretches(ts: readonly number[]): string[] {
  const out: { from: number; n: number }[] = [];
  for (const t of ts) {
    const last = out.at(-1);
    if (last && last.from + last.n * 1_000 === t) last.n++;
    else out.push({ from: t, n: 1 });
  }
  return out.map((r) => `${new Date(r.from).toISOString().slice(11, 19)}+${r.n}s`);
}
