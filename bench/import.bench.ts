// npm run bench:import — bulk import plus analysis, in four-minute tracks per hour (issue 15's
// target: 3,000 on this 2-core machine). The real binaries: `mediaengine`, `grimnirradio serve`
// (its analysis queue does the work) and `grimnirradio import DIR --station SLUG
// --wait-analysis`, on SQLite. Beside it in the same run, the peer: the same files analysed one
// at a time by bare ffmpeg (one ebur128 pass each, no waveform, no database) — what a single
// analysis worker costs at the least. BENCH_TRACKS (default 40) sets the count. Figures only.
import { execFile } from 'node:child_process';
import { appendFile, copyFile, readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
} from '@grimnir/server/test-support/control-plane-process.js';

const run = promisify(execFile);
const TRACKS = Number(process.env.BENCH_TRACKS ?? 40);
const SECONDS = 240;
const bin = resolve(import.meta.dirname, '../packages/server/bin/grimnirradio.js');

/** One four-minute MP3, copied with a distinct ID3v1 tag each so no two share a hash. */
async function tracks(dir: string): Promise<void> {
  const first = await makeTone(join(dir, 'seed.mp3'), { freq: 440, seconds: SECONDS });
  for (let i = 0; i < TRACKS; i++) {
    const file = join(dir, 'in', `track-${String(i).padStart(4, '0')}.mp3`);
    await copyFile(first, file);
    const tag = Buffer.alloc(128);
    tag.write('TAG', 0, 'latin1');
    tag.write(`Bench track ${i}`, 3, 'latin1');
    tag.write('Grimnir bench', 33, 'latin1');
    await appendFile(file, tag);
  }
}

async function peer(dir: string): Promise<number> {
  const files = (await readdir(dir)).map((f) => join(dir, f));
  const t0 = performance.now();
  for (const f of files)
    await run('ffmpeg', ['-hide_banner', '-nostats', '-i', f, '-af', 'ebur128', '-f', 'null', '-']);
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  buildControlPlane();
  const tmp = await makeTempDir('grimnir-bench-import-');
  await run('mkdir', ['-p', join(tmp.dir, 'in')]);
  console.log(`generating ${TRACKS} four-minute MP3s…`);
  await tracks(tmp.dir);
  const engine = await startEngine();
  const env = {
    GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engine.address,
    GRIMNIR_MEDIA_ROOT: join(tmp.dir, 'media'),
    GRIMNIR_ADMIN_PASSWORD: 'bench-import-admin-pw',
  };
  const dataDir = join(tmp.dir, 'data');
  const cp = await startControlPlane({
    dataDir,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    env,
  });
  try {
    const api = await login(cp.url, 'admin', env.GRIMNIR_ADMIN_PASSWORD);
    const station = await api.call<{ slug: string }>('POST', '/api/v1/stations', {
      name: 'Import bench',
    });
    const load0 = loadavg()[0]!;
    const t0 = performance.now();
    const out = await run(
      process.execPath,
      [bin, 'import', join(tmp.dir, 'in'), '--station', station.slug, '--wait-analysis'],
      { env: { PATH: process.env.PATH ?? '', GRIMNIR_DATA_DIR: dataDir, ...env } },
    );
    const ours = (performance.now() - t0) / 1000;
    const summary = out.stdout.split('\n').filter((l) => l.trim() !== '');
    console.log(summary.slice(0, 3).join('\n'));
    const bare = await peer(join(tmp.dir, 'in'));
    const perHour = (s: number) => Math.round((TRACKS / s) * 3600);
    console.log(
      `\nload ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; ${TRACKS} tracks of ${SECONDS / 60} min`,
    );
    console.log(
      `  grimnirradio import + analysis (loudness, cues, waveform): ${ours.toFixed(1)} s = ${perHour(ours)} tracks/hour`,
    );
    console.log(
      `  peer, bare ffmpeg ebur128 one at a time:                  ${bare.toFixed(1)} s = ${perHour(bare)} tracks/hour`,
    );
    console.log(`  ratio ours/peer (throughput): ${(bare / ours).toFixed(2)}×`);
  } finally {
    await cp.stop();
    await engine.stop();
    await tmp.cleanup();
  }
}

await main();
