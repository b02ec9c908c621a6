// npm run bench:engine [-- --seconds=60 --warmup=15 --stations=1,5,10,20 --emergency=8 --no-liquidsoap
//                        --profile=DIR (our engine's CPU profile per station count, ours-N.cpuprofile;
//                        the profiler's cost is in that run's CPU figures)]
// Emergency switch latency at the engine output (bench/engine/emergency.ts; with the default
// warm decoder, then without), then per-station CPU (% of one core) and memory (RSS, PSS) of the
// media engine's process tree, each station playing real files with a crossfade every track into
// one 128 kbit/s MP3 output on a local icecast2, beside the equivalent Liquidsoap setup when it
// is installed. `--stations=` alone measures only the emergency switch.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '@grimnir/test-kit/fixtures.js';
import { startIcecast } from '@grimnir/test-kit/icecast.js';
import { runEmergencyBench, summarize } from './engine/emergency.js';
import { makeBenchTracks } from './engine/fixtures.js';
import { CLK_TCK, treeBreakdown, treeMemoryKb, treeTicks } from './engine/proc-tree.js';
import { startLiquidsoap, startOurs, type RunningSetup } from './engine/runners.js';

function arg(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit
    ? hit.slice(name.length + 3)
    : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
}

const seconds = Number(arg('seconds', '60'));
const warmup = Number(arg('warmup', '15'));
const stationCounts = arg('stations', '1,5,10,20')
  .split(',')
  .filter((x) => x !== '' && x !== '0')
  .map(Number);
const emergencyInserts = Number(arg('emergency', '8'));
const profileDir = arg('profile', '') || undefined;
const crossfadeMs = 3000;
const trackSeconds = 30;
const withLiquidsoap =
  !process.argv.includes('--no-liquidsoap') && spawnSync('liquidsoap', ['--version']).status === 0;

interface Result {
  cpu: number;
  rssMb: number;
  pssMb: number;
  health: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(setup: RunningSetup, n: number): Promise<Result> {
  await sleep(warmup * 1000);
  const u0 = (await setup.underruns?.()) ?? 0;
  const t0 = treeTicks(setup.roots);
  const b0 = treeBreakdown(setup.roots);
  const start = performance.now();
  const samples: { rss: number; pss: number }[] = [];
  while (performance.now() - start < seconds * 1000) {
    await sleep(Math.min(5000, seconds * 1000 - (performance.now() - start)));
    samples.push(treeMemoryKb(setup.roots));
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpuSeconds = (treeTicks(setup.roots) - t0) / CLK_TCK;
  const b1 = treeBreakdown(setup.roots);
  const parts = Object.keys(b1)
    .map(
      (k) => `${k} ${((((b1[k] ?? 0) - (b0[k] ?? 0)) / CLK_TCK / elapsed / n) * 100).toFixed(2)}`,
    )
    .join(', ');
  const avg = (k: 'rss' | 'pss'): number =>
    samples.reduce((a, s) => a + s[k], 0) / samples.length / 1024;
  return {
    cpu: (cpuSeconds / elapsed / n) * 100,
    rssMb: avg('rss') / n,
    pssMb: avg('pss') / n,
    health:
      `${await setup.health()}; ` +
      (setup.underruns
        ? `underruns while measured ${((await setup.underruns()) ?? 0) - u0}; `
        : '') +
      `CPU %/station by part: ${parts}`,
  };
}

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const DIST_MAIN = path.join(root, 'packages/media-engine/dist/main.js');
  execFileSync('npx', ['tsc', '-b', 'packages/media-engine'], { cwd: root, stdio: 'inherit' });
  const tmp = await makeTempDir('grimnir-bench-');
  const icecast = await startIcecast(tmp.dir);
  try {
    const tracks = await makeBenchTracks(tmp.dir, 6, trackSeconds);
    console.log(
      `media engine bench: ${seconds} s measured after ${warmup} s warm-up, ${tracks.length} tracks of ${trackSeconds} s, ` +
        `${crossfadeMs / 1000} s crossfades, MP3 128k to icecast2 :${icecast.port}; Liquidsoap: ${withLiquidsoap ? 'yes' : 'not installed'}`,
    );
    if (emergencyInserts > 0) {
      const em = await runEmergencyBench([DIST_MAIN], tmp.dir, emergencyInserts);
      console.log(`  emergency at the engine output: ${summarize(em.output)}`);
      console.log(
        `  emergency on air (engine's on_air_ms, after its render-ahead): ${summarize(em.onAir)}`,
      );
      // The same without warm decoders: what GStreamer's start-up still costs when they are off.
      const cold = await runEmergencyBench([DIST_MAIN], tmp.dir, emergencyInserts, {
        GRIMNIR_MEDIA_ENGINE_WARM_DECODERS: '0',
      });
      console.log(
        `  emergency at the engine output, no warm decoder (WARM_DECODERS=0): ${summarize(cold.output)}`,
      );
    }
    const rows: string[] = [];
    for (const n of stationCounts) {
      const ours = await startOurs(n, tracks, icecast, crossfadeMs, profileDir);
      const o = await measure(ours, n);
      await ours.stop();
      console.log(
        `  ours ${n} station(s): ${fmt(o.cpu, 2)} % CPU, ${fmt(o.pssMb)} MB PSS per station; ${o.health}`,
      );
      let l: Result | undefined;
      if (withLiquidsoap) {
        const ls = await startLiquidsoap(n, tracks, icecast, crossfadeMs, tmp.dir);
        l = await measure(ls, n);
        await ls.stop();
        console.log(
          `  liquidsoap ${n} station(s): ${fmt(l.cpu, 2)} % CPU, ${fmt(l.pssMb)} MB PSS per station; ${l.health}`,
        );
      }
      rows.push(
        `| ${n} | ${fmt(o.cpu, 2)} % | ${fmt(o.rssMb)} MB | ${fmt(o.pssMb)} MB | ` +
          (l
            ? `${fmt(l.cpu, 2)} % | ${fmt(l.rssMb)} MB | ${fmt(l.pssMb)} MB | ${fmt(o.cpu / l.cpu, 2)} | ${fmt(o.pssMb / l.pssMb, 2)} |`
            : '– | – | – | – | – |'),
      );
    }
    console.log('\nper station (CPU = % of one core; memory per process tree)');
    console.log(
      '| stations | ours CPU | ours RSS | ours PSS | Liquidsoap CPU | Liquidsoap RSS | Liquidsoap PSS | CPU ratio | PSS ratio |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await icecast.stop();
    await tmp.cleanup();
  }
}

await main();
