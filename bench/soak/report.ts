// The soak's report: per station and per process, as a table on stdout and as JSON.
import { cpus } from 'node:os';
import {
  audioBackAfterKill,
  deadAirSplit,
  greenWhileSilent,
  growth,
  nowPlayingAgreement,
  KILL_WINDOW,
} from './analysis.js';
import type { SoakEvent } from './faults.js';
import type { Block, ByteGap } from './listener.js';
import type { Recorded } from './observe.js';
import type { Replica } from './processes.js';
import { DJ_TONE, type SoakStation } from './stations.js';

interface ReportInput {
  fromMs: number;
  toMs: number;
  stations: SoakStation[];
  events: SoakEvent[];
  recorded: Recorded;
  orphans: { pid: number; cmd: string }[];
  engineRestarts: number;
  replicas: Replica[];
}

export function report(i: ReportInput) {
  const kills = i.events
    .filter((e) => e.name === 'engine_kill' && typeof e.detail.killed_at === 'number')
    .map((e) => ({
      atMs: e.detail.killed_at as number,
      listeningAfterMs: Number(e.detail.listening_after_ms ?? 0),
    }));
  const stations = i.stations.map((st, n) => {
    const rec = i.recorded.stations[n]!;
    const idOf = new Map([...st.mediaOf].map(([tone, id]) => [tone, id]));
    const keyOfTone = (tone: number | undefined) =>
      tone === undefined ? undefined : tone === DJ_TONE ? 'live' : idOf.get(tone);
    const keyOf = (b: Block) => (b.silent ? 'silence' : keyOfTone(b.tones[0]));
    const keysOf = (b: Block) => {
      if (b.silent) return ['silence'];
      const keys = b.tones.flatMap((t) => {
        const k = keyOfTone(t);
        return k === undefined ? [] : [k];
      });
      return keys.length > 0 ? keys : ['noise'];
    };
    const blocks = rec.monitor.blocks;
    return {
      station: st.slug,
      dead_air: withCause(
        deadAirSplit(rec.monitor.deadAir, kills, i.fromMs, i.toMs),
        i.events,
        rec.monitor.byteGaps,
      ),
      sound_back_after_kill_ms: audioBackAfterKill(blocks, kills),
      now_playing: nowPlayingAgreement(
        blocks,
        rec.nowPlaying,
        keysOf,
        i.fromMs,
        i.toMs,
        corruptedMedia(i.events, st.slug),
      ),
      green_while_silent: greenWhileSilent(blocks, i.recorded.health, i.fromMs, i.toMs),
      monitor_connects: rec.monitor.connects,
      monitor_drops: rec.monitor.drops.map(
        (d) => `${new Date(d.atMs).toISOString().slice(11, 23)} ${d.why}`,
      ),
      items_heard: new Set(blocks.map(keyOf).filter((k) => k && k !== 'silence')).size,
      transient_listeners: {
        sessions: rec.transient.sessions,
        dead_air_s: Math.round(rec.transient.deadAir.reduce((a, d) => a + d.seconds, 0) * 10) / 10,
      },
      fenced_media: rec.fenced,
    };
  });
  const processes = Object.fromEntries(
    Object.entries(i.recorded.procs).map(([name, samples]) => [name, growth(samples) ?? null]),
  );
  const result = {
    from: new Date(i.fromMs).toISOString(),
    to: new Date(i.toMs).toISOString(),
    minutes: Math.round((i.toMs - i.fromMs) / 60_000),
    kill_window_ms: KILL_WINDOW,
    engine_restarts: i.engineRestarts,
    engine_listening_after_kill_ms: kills.map((k) => k.listeningAfterMs),
    load_average_1m: {
      min: Math.min(...i.recorded.load),
      mean:
        Math.round((i.recorded.load.reduce((a, b) => a + b, 0) / i.recorded.load.length) * 10) / 10,
      max: Math.max(...i.recorded.load),
      cores: cpus().length,
    },
    stations,
    processes,
    orphans: i.orphans,
    stray_stderr_lines: Object.fromEntries(i.replicas.map((r) => [r.name, r.strayStderrLines()])),
    unhandled_errors: Object.fromEntries(
      i.replicas.map((r) => [r.name, (r.logs().match(/"msg":"unhandled error"/g) ?? []).length]),
    ),
    events: i.events.map((e) => ({
      name: e.name,
      at: new Date(e.startMs).toISOString(),
      seconds: Math.round((e.endMs - e.startMs) / 100) / 10,
      ...e.detail,
    })),
  };
  print(result);
  return result;
}

/** The media a station's corrupt-file faults overwrote, with when. */
function corruptedMedia(events: readonly SoakEvent[], slug: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    const id = e.detail.media_id;
    if (e.name === 'corrupt_file' && e.detail.station === slug && typeof id === 'string')
      out.set(id, e.startMs);
  }
  return out;
}

/**
 * Each stretch of dead air outside kills with the event that began last before it, and for a
 * stall the longest pause in the stream's bytes that led to it (none: the bytes came, the
 * decoding or their timing did not).
 */
function withCause<
  T extends { outside_stretches: { atMs: number; seconds: number; kind: string }[] },
>(d: T, events: readonly SoakEvent[], gaps: readonly ByteGap[]) {
  const stretches = d.outside_stretches.map((x) => {
    const before = events.filter((e) => e.startMs <= x.atMs).at(-1);
    const after = before
      ? ` (${before.name} +${((x.atMs - before.startMs) / 1000).toFixed(1)} s)`
      : '';
    // A stall's `atMs` is when the player ran dry; the pause that drained it began up to a
    // cushion earlier and ended while it refilled.
    const [from, to] = [x.atMs - 3_000, x.atMs + x.seconds * 1_000];
    const gap = gaps
      .filter((g) => g.atMs >= from && g.atMs - g.gapMs <= to)
      .sort((a, b) => b.gapMs - a.gapMs)[0];
    const bytes =
      x.kind !== 'stall'
        ? ''
        : gap
          ? `, bytes paused ${gap.gapMs} ms until ${new Date(gap.atMs).toISOString().slice(11, 23)}`
          : ', no byte pause';
    return `${new Date(x.atMs).toISOString().slice(11, 21)} ${x.kind} ${x.seconds}s${after}${bytes}`;
  });
  return { ...d, outside_stretches: stretches };
}

function print(r: ReturnType<typeof report> extends infer T ? Omit<T, never> : never): void {
  const rows = r.stations.map((s) => ({
    station: s.station,
    'dead air outside kills (s)': s.dead_air.outside_s,
    'longest outside (s)': s.dead_air.longest_outside_s,
    'dead air per kill (s)': s.dead_air.per_kill_s.join(' / '),
    'now-playing wrong > 2 s (s)': s.now_playing.disagree_s,
    'now-playing 5xx (s)': s.now_playing.unavailable_s,
    'green while silent (s)': s.green_while_silent.seconds,
    'items heard': s.items_heard,
    listeners: s.transient_listeners.sessions + 1,
  }));
  console.table(rows);
  console.table(
    Object.entries(r.processes).map(([name, g]) => ({
      process: name,
      lives: g?.lives,
      'fitted (min)': g?.minutes_fitted,
      'RSS (MB)': g?.rss_mb_last,
      'RSS MB/h': g?.rss_mb_per_h,
      fds: g?.fds_last,
      'fds/h': g?.fds_per_h,
    })),
  );
  console.table(r.events.map((e) => ({ ...e, at: e.at.slice(11, 19) })));
  process.stdout.write(
    `engine restarts ${r.engine_restarts} (listening again after ` +
      `${r.engine_listening_after_kill_ms.join(' / ')} ms); machine load ` +
      `${JSON.stringify(r.load_average_1m)}\n` +
      `orphans ${r.orphans.length}; stray stderr ` +
      `${JSON.stringify(r.stray_stderr_lines)}; unhandled errors ${JSON.stringify(r.unhandled_errors)}\n`,
  );
}
