import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FadeCurveName } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import {
  decodeBytesToMono,
  makeTempDir,
  makeTone,
  measureLufs,
} from '@grimnir/test-kit/fixtures.js';
import { makeItem, recordWhile, sleep, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { goertzelAmplitude, longestSilentRun } from '@grimnir/test-kit/tone-detect.js';

const run = promisify(execFile);
let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({ address: engine.address });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

const median = (xs: number[]): number =>
  [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
const WINDOW = 2205; // 50 ms: a whole number of cycles of 440 and 880 Hz.

function envelope(pcm: Float32Array): { a: number; b: number }[] {
  const out: { a: number; b: number }[] = [];
  for (let i = 0; i + WINDOW <= pcm.length; i += WINDOW) {
    const w = pcm.subarray(i, i + WINDOW);
    out.push({ a: goertzelAmplitude(w, 440), b: goertzelAmplitude(w, 880) });
  }
  return out;
}

describe('crossfade envelope', () => {
  // Golden values: each tone's gain where the two curves cross (t = 0.5), and the share of
  // the crossfade during which both tones are above 10 % of full gain.
  const table: [FadeCurveName, number, number][] = [
    ['LINEAR', 0.5, 0.8],
    ['EQUAL_POWER', 0.70711, 0.8724],
    ['S_CURVE', 0.5, 0.5903],
    ['LOGARITHMIC', 0.03162, 0],
  ];

  it.each(table)('%s crossfade follows its curve', async (curve, crossing, overlapShare) => {
    const a = await makeTone(path.join(tmp.dir, `xa-${curve}.wav`), {
      freq: 440,
      seconds: 8,
      volume: 0.3,
      format: 'wav',
    });
    const b = await makeTone(path.join(tmp.dir, `xb-${curve}.wav`), {
      freq: 880,
      seconds: 8,
      volume: 0.3,
      format: 'wav',
    });
    const id = `xf-${curve}`;
    await client.configureStation(stationConfig(id));
    await client.load(id, makeItem('a', a, { gain_db: 0 }));
    await client.load(id, makeItem('b', b, { gain_db: 0 }));
    const bytes = await recordWhile(client, id, 'main.mp3', async () => {
      await client.play(id);
      await sleep(2000);
      await client.transition(id, 2000, curve);
      await sleep(3500);
    });
    await client.removeStation(id);
    const env = envelope(await decodeBytesToMono(bytes, tmp.dir, 'mp3'));
    // Full-scale reference: tone A alone before the transition (codec and downmix included).
    const ref = median(env.filter((w) => w.a > 0.05 && w.b < 0.002).map((w) => w.a));
    const rel = env.map((w) => ({ a: w.a / ref, b: w.b / ref }));
    // Where the curves cross, both tones have the same gain: curveGain(curve, 0.5).
    const both = rel.filter((w) => w.a > 0.01 && w.b > 0.01);
    const cross = both.reduce((best, w) =>
      Math.abs(w.a - w.b) < Math.abs(best.a - best.b) ? w : best,
    );
    expect(Math.abs((cross.a + cross.b) / 2 - crossing)).toBeLessThan(
      Math.max(0.01, crossing * 0.08),
    );
    // Both above 10 % of full gain for the expected share of the 2 s crossfade.
    const overlapMs = rel.filter((w) => w.a > 0.1 && w.b > 0.1).length * 50;
    expect(Math.abs(overlapMs - overlapShare * 2000)).toBeLessThanOrEqual(150);
    for (const w of rel.filter((x) => x.a > 0.1 && x.b > 0.1)) {
      // Sum law of the curve: amplitudes add to 1 for linear and s-curve, powers for equal power.
      if (curve === 'LINEAR' || curve === 'S_CURVE') expect(w.a + w.b).toBeCloseTo(1, 1);
      if (curve === 'EQUAL_POWER') expect(w.a * w.a + w.b * w.b).toBeCloseTo(1, 1);
    }
  });
});

describe('loudness normalisation', () => {
  it('brings items mastered at -30 and -10 LUFS to the -16 LUFS target ±1 LU', async () => {
    const quiet = await makeTone(path.join(tmp.dir, 'quiet.mp3'), {
      freq: 440,
      seconds: 8,
      volume: 0.0353,
    });
    const loud = await makeTone(path.join(tmp.dir, 'loud.mp3'), {
      freq: 880,
      seconds: 8,
      volume: 0.335,
    });
    const qa = await client.analyze(quiet);
    const la = await client.analyze(loud);
    expect(Math.abs(qa.integrated_lufs - -30)).toBeLessThan(1);
    expect(Math.abs(la.integrated_lufs - -10)).toBeLessThan(1);
    await client.configureStation(stationConfig('loud'));
    await client.load('loud', makeItem('q', quiet, { loudness_lufs: qa.integrated_lufs }));
    await client.load('loud', makeItem('l', loud, { loudness_lufs: la.integrated_lufs }));
    const bytes = await recordWhile(client, 'loud', 'main.mp3', async () => {
      await client.play('loud');
      await sleep(17_000);
    });
    await client.removeStation('loud');
    const file = path.join(tmp.dir, 'loud-out.mp3');
    await writeFile(file, bytes);
    const env = envelope(await decodeBytesToMono(bytes, tmp.dir, 'mp3'));
    const firstA = env.findIndex((w) => w.a > 0.01);
    const firstB = env.findIndex((w) => w.b > 0.01);
    expect(firstA).toBeGreaterThanOrEqual(0);
    expect(firstB).toBeGreaterThan(firstA);
    // Measure 4 s from the middle of each item in the decoded programme output.
    const quietLufs = await measureLufs(file, (firstA * 50) / 1000 + 2, 4);
    const loudLufs = await measureLufs(file, (firstB * 50) / 1000 + 2, 4);
    expect(Math.abs(quietLufs - -16)).toBeLessThanOrEqual(1);
    expect(Math.abs(loudLufs - -16)).toBeLessThanOrEqual(1);
  });
});

describe('cue points', () => {
  it('analysis finds the cue-in after leading silence and playback skips it', async () => {
    const first = await makeTone(path.join(tmp.dir, 'first.mp3'), {
      freq: 880,
      seconds: 2,
      volume: 0.3,
    });
    const cued = await makeTone(path.join(tmp.dir, 'cued.mp3'), {
      freq: 440,
      seconds: 3,
      volume: 0.3,
      leadingSilenceSeconds: 2,
      trailingSilenceSeconds: 1,
    });
    const analysis = await client.analyze(cued);
    expect(Math.abs(analysis.cue_in_ms - 2000)).toBeLessThan(150);
    expect(Math.abs(analysis.cue_out_ms - 5000)).toBeLessThan(150);
    expect(Math.abs(analysis.duration_ms - 6000)).toBeLessThan(150);
    expect(analysis.true_peak_dbtp).toBeLessThan(-9);
    await client.configureStation(stationConfig('cue'));
    await client.load('cue', makeItem('f', first, { gain_db: 0 }));
    await client.load(
      'cue',
      makeItem('c', cued, {
        gain_db: 0,
        cue_in_ms: analysis.cue_in_ms,
        cue_out_ms: analysis.cue_out_ms,
      }),
    );
    const bytes = await recordWhile(client, 'cue', 'main.mp3', async () => {
      await client.play('cue');
      await sleep(6000);
    });
    await client.removeStation('cue');
    const env = envelope(await decodeBytesToMono(bytes, tmp.dir, 'mp3'));
    const lastB = env.findLastIndex((w) => w.b > 0.05);
    const firstA = env.findIndex((w) => w.a > 0.05);
    expect(lastB).toBeGreaterThan(0);
    // Without the cue-in there would be two seconds of silence between the items.
    expect((firstA - lastB) * 50).toBeLessThanOrEqual(150);
  });
});

describe('a file shorter than recorded', () => {
  it('flows into the next item at its real end, without a gap', async () => {
    // The library says 8 s (its cue-out); the file on disk holds 3 s: cut short or overwritten
    // since it was analysed. Without crossfade the next item must start where the audio ends.
    const short = await makeTone(path.join(tmp.dir, 'short.mp3'), { freq: 440, seconds: 3 });
    const next = await makeTone(path.join(tmp.dir, 'next.mp3'), { freq: 880, seconds: 8 });
    await client.configureStation(stationConfig('short'));
    await client.load('short', makeItem('short', short, { gain_db: 0, cue_out_ms: 8_000 }));
    await client.load('short', makeItem('next', next, { gain_db: 0 }));
    const bytes = await recordWhile(client, 'short', 'main.mp3', async () => {
      await client.play('short');
      await sleep(5_500);
    });
    await client.removeStation('short');
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    const start = pcm.findIndex((v) => Math.abs(v) > 0.1);
    expect(start).toBeGreaterThanOrEqual(0);
    // Before: the next decoder started cold after the short file ran dry (240 ms of silence
    // measured); now only the two MP3s' own padding is left (about 60 ms).
    expect(longestSilentRun(pcm, 0.02, start, pcm.length - 4410)).toBeLessThan(4410);
    const last = pcm.subarray(pcm.length - 44_100, pcm.length - 4410);
    expect(goertzelAmplitude(last, 880)).toBeGreaterThan(0.1);
  });
});

describe('decoder supervision', () => {
  it('replaces a decoder killed mid-track without a gap over 100 ms', async () => {
    const long = await makeTone(path.join(tmp.dir, 'long.mp3'), {
      freq: 440,
      seconds: 30,
      volume: 0.4,
    });
    await client.configureStation(stationConfig('kill'));
    await client.load('kill', makeItem('long', long, { gain_db: 0 }));
    let killed = 0;
    const bytes = await recordWhile(client, 'kill', 'main.mp3', async () => {
      await client.play('kill');
      await sleep(3000);
      const pid = await waitFor(
        async () => (await client.status('kill')).current?.decoder_pid || undefined,
        5000,
        'decoder pid',
      );
      killed = pid;
      process.kill(pid, 'SIGKILL');
      await sleep(4000);
    });
    const status = await client.status('kill');
    await client.removeStation('kill');
    expect(killed).toBeGreaterThan(0);
    expect(status.decoder_restarts).toBeGreaterThanOrEqual(1);
    expect(status.current?.decoder_pid).not.toBe(killed);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    const start = pcm.findIndex((v) => Math.abs(v) > 0.1);
    const end = pcm.length - 4410;
    expect(start).toBeGreaterThanOrEqual(0);
    expect(longestSilentRun(pcm, 0.02, start + 4410, end)).toBeLessThan(4410);
    // The tone continues after the kill: the last second is still 440 Hz at full level.
    expect(goertzelAmplitude(pcm.subarray(end - 44100, end), 440)).toBeGreaterThan(0.3);
    // ffmpeg is not involved in playback at all until a restart: it was used for the resume.
    const { stdout } = await run('ps', ['-o', 'pid=', '-p', String(killed)]).catch(() => ({
      stdout: '',
    }));
    expect(stdout.trim()).toBe('');
  });

  it('replaces a stalled decoder (SIGSTOP) within the read-ahead, without a gap', async () => {
    const long = await makeTone(path.join(tmp.dir, 'stall.mp3'), {
      freq: 440,
      seconds: 40,
      volume: 0.4,
    });
    await client.configureStation(stationConfig('stall'));
    await client.load('stall', makeItem('long', long, { gain_db: 0 }));
    let stopped = 0;
    const bytes = await recordWhile(client, 'stall', 'main.mp3', async () => {
      await client.play('stall');
      await sleep(2000);
      const pid = await waitFor(
        async () => (await client.status('stall')).current?.decoder_pid || undefined,
        5000,
        'decoder pid',
      );
      stopped = pid;
      process.kill(pid, 'SIGSTOP');
      await waitFor(
        async () => ((await client.status('stall')).decoder_restarts >= 1 ? true : undefined),
        15_000,
        'stalled decoder replaced',
      );
      await sleep(2000);
    });
    const status = await client.status('stall');
    await client.removeStation('stall');
    expect(status.current?.decoder_pid).not.toBe(stopped);
    expect(status.underruns).toBe(0);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    const start = pcm.findIndex((v) => Math.abs(v) > 0.1);
    expect(longestSilentRun(pcm, 0.02, start + 4410, pcm.length - 4410)).toBeLessThan(4410);
  });
});
