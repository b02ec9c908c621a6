import type { ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineClient } from '@grimnir/engine-client';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { icecastStatus, type Icecast } from '@grimnir/test-kit/icecast.js';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import { writePlaylist } from './fixtures.js';

export interface RunningSetup {
  roots: number[];
  logs?: () => string;
  underruns?: () => Promise<number>;
  health: () => Promise<string>;
  stop: () => Promise<void>;
}

const DIST_MAIN = fileURLToPath(
  new URL('../../packages/media-engine/dist/main.js', import.meta.url),
);

const rotate = <T>(xs: T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length] as T);

async function waitForMounts(
  icecast: Icecast,
  prefix: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const st = (await icecastStatus(icecast.port)) as { icestats?: { source?: unknown } };
    const raw = st.icestats?.source;
    const sources = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { listenurl?: string }[];
    const n = sources.filter((s) => s.listenurl?.includes(`/${prefix}`)).length;
    if (n >= count) return;
    if (Date.now() > until) throw new Error(`only ${n}/${count} ${prefix} mounts connected`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text);
  return Number(m?.[1] ?? Number.NaN);
}

function fetchText(port: number, p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

export async function startOurs(
  n: number,
  tracks: string[],
  icecast: Icecast,
  crossfadeMs: number,
  /** Writes the engine's CPU profile (node --cpu-prof) into this directory when it stops. */
  profileDir?: string,
): Promise<RunningSetup> {
  // One file per station count; the profiler's own cost is in the CPU figures of that run.
  const prof =
    profileDir === undefined
      ? []
      : ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `ours-${n}.cpuprofile`];
  const engine = await startEngine({ GRIMNIR_LOG_LEVEL: 'info' }, [...prof, DIST_MAIN]);
  const client = createEngineClient({ address: engine.address, deadlineMs: 15_000 });
  for (let i = 0; i < n; i++) {
    const id = `st${i}`;
    await client.configureStation({
      station_id: id,
      outputs: [
        {
          mount: 'main.mp3',
          format: 'MP3',
          bitrate_kbps: 128,
          sample_rate: 44100,
          channels: 2,
          record_path: '',
          icecast: {
            host: '127.0.0.1',
            port: icecast.port,
            mount: `/ours-${i}.mp3`,
            user: 'source',
            password: icecast.password,
            name: id,
          },
        },
      ],
      loudness_target_lufs: -16,
      crossfade_ms: crossfadeMs,
      crossfade_curve: 'EQUAL_POWER',
      fallback: rotate(tracks, i).map((t, k) => ({
        id: `${id}-${k}`,
        path: t,
        title: path.basename(t),
        cue_in_ms: 0,
        cue_out_ms: 0,
        fade_in_ms: 0,
        fade_out_ms: 0,
        gain_db: 0,
      })),
      silence_threshold_db: -60,
      silence_duration_ms: 5000,
      near_end_ms: 10_000,
    });
    await client.play(id);
  }
  await waitForMounts(icecast, 'ours-', n, 30_000);
  return {
    roots: [engine.proc.pid ?? 0],
    logs: engine.logs,
    underruns: async () => {
      let total = 0;
      for (let i = 0; i < n; i++) total += (await client.status(`st${i}`)).underruns;
      return total;
    },
    health: async () => {
      let underruns = 0;
      let restarts = 0;
      for (let i = 0; i < n; i++) {
        const st = await client.status(`st${i}`);
        underruns += st.underruns;
        restarts += st.decoder_restarts;
      }
      const m = await fetchText(engine.metricsPort, '/metrics');
      const slips = metric(m, 'mediaengine_clock_slips_total');
      const lag = metric(m, 'mediaengine_max_tick_lag_ms');
      return `underruns ${underruns}, decoder restarts ${restarts}, clock slips ${slips}, worst tick lag ${lag.toFixed(0)} ms`;
    },
    stop: async () => {
      client.close();
      await engine.stop();
    },
  };
}

function liquidsoapScript(
  playlist: string,
  icecast: Icecast,
  mount: string,
  crossfadeS: number,
): string {
  // Liquidsoap refuses to run as root unless told; the bench may run as root in CI containers.
  const root = process.getuid?.() === 0 ? 'settings.init.allow_root.set(true)\n' : '';
  return `${root}settings.log.stdout.set(false)
settings.log.file.set(false)
s = playlist(mode="normal", reload_mode="never", ${JSON.stringify(playlist)})
s = crossfade(duration=${crossfadeS.toFixed(1)}, fade_in=${crossfadeS.toFixed(1)}, fade_out=${crossfadeS.toFixed(1)}, s)
output.icecast(%mp3(bitrate=128, samplerate=44100, stereo=true), host="127.0.0.1", port=${icecast.port}, password=${JSON.stringify(icecast.password)}, mount=${JSON.stringify(mount)}, mksafe(s))
`;
}

export async function startLiquidsoap(
  n: number,
  tracks: string[],
  icecast: Icecast,
  crossfadeMs: number,
  dir: string,
): Promise<RunningSetup> {
  const procs: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const playlist = writePlaylist(path.join(dir, `ls-${i}.m3u`), rotate(tracks, i));
    const script = path.join(dir, `ls-${i}.liq`);
    writeFileSync(script, liquidsoapScript(playlist, icecast, `/ls-${i}.mp3`, crossfadeMs / 1000));
    const log = openSync(path.join(dir, `ls-${i}.log`), 'w');
    procs.push(spawnTied('liquidsoap', [script], { stdio: ['ignore', log, log] }));
  }
  try {
    await waitForMounts(icecast, 'ls-', n, 180_000);
  } catch (err) {
    for (const p of procs) p.kill('SIGKILL');
    const alive = procs.filter((p) => p.exitCode === null).length;
    const log = readFileSync(path.join(dir, 'ls-0.log'), 'utf8').slice(-2000);
    throw new Error(`${(err as Error).message}; ${alive}/${n} alive; ls-0.log:\n${log}`);
  }
  return {
    roots: procs.map((p) => p.pid ?? 0),
    health: () =>
      Promise.resolve(`${procs.filter((p) => p.exitCode === null).length}/${n} processes alive`),
    stop: async () => {
      await Promise.all(
        procs.map(
          (p) =>
            new Promise<void>((r) => {
              if (p.exitCode !== null || p.signalCode !== null) return r();
              p.once('exit', () => r());
              p.kill('SIGTERM');
              setTimeout(() => p.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}
