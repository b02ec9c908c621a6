// Everything the soak watches while it runs: one steady decoded listener per station (the
// "monitor" whose dead air is reported), listeners coming and going beside it, now-playing and
// /healthz polled every second, and every process's RSS and descriptors every 10 s.
import { readFileSync } from 'node:fs';
import type { ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import type { HealthSample, NowPlayingSample, ProcSample } from './analysis.js';
import { decodedListener, type DeadAir, type Listener } from './listener.js';
import { sampleTree, type Replica } from './processes.js';
import type { SoakStation } from './stations.js';

interface NowPlayingBody {
  on_air: boolean;
  current: { media_id: string | null } | null;
}

interface ObserveOptions {
  stations: SoakStation[];
  streamBase: string;
  nowPlaying: (stationId: string) => Promise<NowPlayingBody>;
  replicas: Replica[];
  procs: Record<string, () => number | undefined>;
  env: NodeJS.ProcessEnv;
}

interface StationRecord {
  monitor: Listener;
  nowPlaying: NowPlayingSample[];
  transient: { sessions: number; deadAir: DeadAir[] };
  fenced?: unknown;
}

export interface Recorded {
  stations: StationRecord[];
  health: HealthSample[];
  procs: Record<string, ProcSample[]>;
  /** The machine's 1-minute load average every 10 s (the audio competes with it). */
  load: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function observe(o: ObserveOptions) {
  let running = true;
  const url = (st: SoakStation) => () => `${o.streamBase}/stream/${st.mount}`;
  const records: StationRecord[] = o.stations.map((st) => ({
    monitor: decodedListener(url(st), st.candidates, o.env, true),
    nowPlaying: [],
    transient: { sessions: 0, deadAir: [] },
  }));
  const health: HealthSample[] = [];
  const procs: Record<string, ProcSample[]> = Object.fromEntries(
    Object.keys(o.procs).map((k) => [k, []]),
  );
  const loops: Promise<void>[] = [];
  const every = (ms: number, fn: () => Promise<void> | void) =>
    loops.push(
      (async () => {
        while (running) {
          const next = Date.now() + ms;
          await fn();
          await sleep(Math.max(0, next - Date.now()));
        }
      })(),
    );

  o.stations.forEach((st, i) => {
    every(1_000, async () => {
      const atMs = Date.now();
      const np = await o.nowPlaying(st.id).catch(() => undefined);
      const key =
        np === undefined
          ? undefined
          : !np.on_air || np.current === null
            ? 'silence'
            : (np.current.media_id ?? 'live');
      records[i]!.nowPlaying.push({ atMs, key });
    });
    // Listeners coming and going: one at a time beside the monitor, 15–45 s each.
    loops.push(
      (async () => {
        while (running) {
          await sleep(5_000 + Math.random() * 15_000);
          if (!running) break;
          const l = decodedListener(url(st), st.candidates, o.env, false);
          records[i]!.transient.sessions++;
          await sleep(15_000 + Math.random() * 30_000);
          l.stop();
          records[i]!.transient.deadAir.push(...l.deadAir);
        }
      })(),
    );
  });
  for (const r of o.replicas)
    every(1_000, async () => {
      const atMs = Date.now();
      const status = await fetch(`${r.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.status,
        () => 0,
      );
      health.push({ atMs, replica: r.name, status });
    });
  const load: number[] = [];
  every(10_000, () => {
    load.push(Number(readFileSync('/proc/loadavg', 'latin1').split(' ')[0]));
    for (const [name, pidOf] of Object.entries(o.procs)) {
      const pid = pidOf();
      const s = pid === undefined ? undefined : sampleTree(pid);
      if (pid !== undefined && s) procs[name]!.push({ atMs: Date.now(), pid, ...s });
    }
  });

  return {
    /** Stops watching; reads the fenced state of every media item for the report. */
    async stop(api: ApiSession): Promise<Recorded> {
      running = false;
      for (const r of records) r.monitor.stop();
      await Promise.all(loops);
      for (const [i, st] of o.stations.entries()) {
        const media = await Promise.all(
          [...st.mediaOf.values()].map((id) =>
            api
              .call<Record<string, unknown>>('GET', `/api/v1/media/${id}`)
              .catch((): Record<string, unknown> => ({ id })),
          ),
        );
        records[i]!.fenced = media
          .filter((m) => m.playout_state === 'failed' || Number(m.playout_failures ?? 0) > 0)
          .map((m) => ({
            id: m.id,
            state: m.playout_state,
            failures: m.playout_failures,
            error: m.playout_error,
          }));
      }
      return { stations: records, health, procs, load };
    },
  };
}
