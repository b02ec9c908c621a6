import { clientFamily } from './client-family.js';

/** A listener session as the reports read it (times in epoch ms; open: endedMs null). */
export interface SessionFact {
  id: string;
  mount: string;
  kind: string;
  clientHash: string | null;
  userAgent: string | null;
  country: string | null;
  startedMs: number;
  endedMs: number | null;
}

/** A play as the reports read it: [startMs, endMs) as heard. */
export interface PlayWindow {
  startMs: number;
  endMs: number;
}

interface ReportRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** Open sessions count up to now (or the range's end, if earlier). */
  nowMs: number;
}

interface Breakdown {
  key: string;
  sessions: number;
  unique: number;
  listening_hours: number;
}

const HOUR_MS = 3_600_000;
/** Peaks are counted on 1 s slots up to 31 days, 10 s beyond (memory stays under ~10 MB). */
const slotMsFor = (rangeMs: number) => (rangeMs <= 31 * 86_400_000 ? 1000 : 10_000);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The listener figures of one range, fed session by session in order of start (sessions that
 * began before the range first): sums and peaks need no order, but a bucket's or a play's set of
 * distinct listeners is final, and freed, once sessions start after it ends — so memory follows
 * the listeners of one bucket, not of the whole range. Pure (definitions: docs/reports.md).
 */
export function createListenerStats(range: ReportRange, plays: readonly PlayWindow[]) {
  const { fromMs, toMs, stepMs } = range;
  const endMs = Math.min(toMs, Math.max(fromMs, range.nowMs));
  const buckets = Math.max(1, Math.ceil((toMs - fromMs) / stepMs));
  const slotMs = slotMsFor(toMs - fromMs);
  const diff = new Int32Array(Math.ceil((toMs - fromMs) / slotMs) + 1);
  const bucketMs = new Float64Array(buckets);
  const bucketUnique = new Array<number>(buckets).fill(0);
  const bucketSets = new Map<number, Set<string>>();
  const playMs = new Float64Array(plays.length);
  const playListeners = new Array<number>(plays.length).fill(0);
  const playSets = new Map<number, Set<string>>();
  const unique = new Set<string>();
  // Crossfaded plays overlap a little: search on the running maximum of ends, which is sorted.
  const reach: number[] = [];
  for (const p of plays) reach.push(Math.max(reach.at(-1) ?? -Infinity, p.endMs));
  const dims = {
    mount: new Map<string, Breakdown & { set: Set<string> }>(),
    client: new Map(),
    country: new Map(),
  } as Record<'mount' | 'client' | 'country', Map<string, Breakdown & { set: Set<string> }>>;
  let totalMs = 0;
  let sessions = 0;
  let lastStart = -Infinity;

  function settleBefore(t: number): void {
    for (const [b, set] of bucketSets)
      if (fromMs + (b + 1) * stepMs <= t) {
        bucketUnique[b] = set.size;
        bucketSets.delete(b);
      }
    for (const [p, set] of playSets)
      if ((plays[p] as PlayWindow).endMs <= t) {
        playListeners[p] = set.size;
        playSets.delete(p);
      }
  }

  function count(dim: 'mount' | 'client' | 'country', key: string, who: string, ms: number) {
    const row = dims[dim].get(key) ?? {
      key,
      sessions: 0,
      unique: 0,
      listening_hours: 0,
      set: new Set<string>(),
    };
    dims[dim].set(key, row);
    row.sessions++;
    row.listening_hours += ms;
    row.set.add(who);
  }

  /** First play that (or an earlier one of which) ends after t; plays are sorted by start. */
  function firstPlayEndingAfter(t: number): number {
    let lo = 0;
    let hi = plays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((reach[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    add(s: SessionFact): void {
      const a = Math.max(s.startedMs, fromMs);
      const z = Math.min(s.endedMs ?? endMs, endMs);
      if (a >= lastStart) {
        settleBefore(a);
        lastStart = a;
      }
      // A connection that ended within the millisecond it began (a player probing the stream,
      // taking its burst and going) is still a session and a listener; it adds no time. One
      // that only touches the range's edge is outside it.
      const instant = s.endedMs === s.startedMs;
      if (z < a || (z === a && !instant) || a >= endMs) return;
      const who = s.clientHash ?? s.id;
      sessions++;
      totalMs += z - a;
      unique.add(who);
      count('mount', s.mount, who, z - a);
      count('client', clientFamily(s.kind, s.userAgent), who, z - a);
      count('country', s.country ?? 'Unknown', who, z - a);
      const first = Math.floor((a - fromMs) / slotMs);
      const after = Math.floor((z - 1 - fromMs) / slotMs) + 1;
      diff[first] = (diff[first] ?? 0) + 1;
      diff[after] = (diff[after] ?? 0) - 1;
      for (let b = Math.floor((a - fromMs) / stepMs); b < buckets; b++) {
        const bStart = fromMs + b * stepMs;
        if (bStart >= z) break;
        const overlap = Math.min(z, bStart + stepMs) - Math.max(a, bStart);
        bucketMs[b] = (bucketMs[b] ?? 0) + overlap;
        const set = bucketSets.get(b) ?? new Set<string>();
        bucketSets.set(b, set);
        set.add(who);
      }
      for (let p = firstPlayEndingAfter(a); p < plays.length; p++) {
        const play = plays[p] as PlayWindow;
        if (play.startMs >= z) break;
        const overlap = Math.min(z, play.endMs) - Math.max(a, play.startMs);
        if (overlap <= 0) continue;
        playMs[p] = (playMs[p] ?? 0) + overlap;
        const set = playSets.get(p) ?? new Set<string>();
        playSets.set(p, set);
        set.add(who);
      }
    },

    result() {
      settleBefore(Infinity);
      const slotsPerBucket = stepMs / slotMs;
      const peaks = new Array<number>(buckets).fill(0);
      let level = 0;
      for (let i = 0; i < diff.length - 1; i++) {
        level += diff[i] as number;
        const b = Math.min(buckets - 1, Math.floor(i / slotsPerBucket));
        if (level > (peaks[b] as number)) peaks[b] = level;
      }
      const series = Array.from({ length: buckets }, (_, b) => {
        const bStart = fromMs + b * stepMs;
        const span = Math.min(stepMs, toMs - bStart);
        return {
          at: new Date(bStart).toISOString(),
          average: round((bucketMs[b] as number) / span),
          peak: peaks[b] as number,
          unique: bucketUnique[b] as number,
        };
      });
      const breakdown = (dim: 'mount' | 'client' | 'country'): Breakdown[] =>
        [...dims[dim].values()]
          .map(({ set, ...r }) => ({
            ...r,
            unique: set.size,
            listening_hours: round(r.listening_hours / HOUR_MS),
          }))
          .sort((x, y) => y.listening_hours - x.listening_hours || x.key.localeCompare(y.key));
      return {
        totals: {
          sessions,
          unique: unique.size,
          peak: Math.max(0, ...peaks),
          average: round(totalMs / (toMs - fromMs)),
          listening_hours: round(totalMs / HOUR_MS),
        },
        series,
        by_mount: breakdown('mount'),
        by_client: breakdown('client'),
        by_country: breakdown('country'),
        plays: plays.map((_, p) => ({
          listeners: playListeners[p] as number,
          tuning_ms: playMs[p] as number,
        })),
      };
    },
  };
}
