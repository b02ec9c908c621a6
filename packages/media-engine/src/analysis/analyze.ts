import type { AnalyzeResponse, WaveformResponse } from '@grimnir/contracts';
import type { ChildProc, Spawner } from '../gstreamer/process.js';
import { probeDurationMs } from '../gstreamer/probe.js';
import {
  cuePoints,
  introOutro,
  parseEbur128,
  parseSilences,
  replayGainDb,
} from './parse-ffmpeg.js';

async function collect(proc: ChildProc): Promise<{ code: number | null; text: string }> {
  let text = '';
  proc.stdout.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  const closed = new Promise<void>((r) => proc.stdout.once('close', r));
  const [info] = await Promise.all([proc.exited, closed]);
  return { code: info.code, text };
}

/** Analysis decodes whole files beside live playout: it gets the CPU only what is left. */
const BACKGROUND_NICE = 10;

// Loudness (EBU R128 via ffmpeg's ebur128: Debian's GStreamer has no R128 element), true peak,
// ReplayGain and silence-based cue points in one decoding pass.
export async function analyzeFile(
  spawn: Spawner,
  path: string,
  silenceThresholdDb: number,
): Promise<AnalyzeResponse> {
  const threshold = silenceThresholdDb < 0 ? silenceThresholdDb : -50;
  const durationPromise = probeDurationMs(spawn, path);
  // ffmpeg writes its measurements to stderr; sh folds it into stdout so one reader gets the
  // whole log. The path and filter travel as positional parameters, never inside the script.
  const proc = spawn({
    command: 'sh',
    args: [
      '-c',
      'exec ffmpeg -hide_banner -nostats -nostdin -i "$1" -vn -af "$2" -f null - 2>&1',
      'analyze',
      path,
      `ebur128=peak=true:framelog=verbose,silencedetect=n=${threshold}dB:d=0.3`,
    ],
    role: 'analysis',
    nice: BACKGROUND_NICE,
  });
  const [{ code, text }, durationMs] = await Promise.all([collect(proc), durationPromise]);
  const summary = parseEbur128(text);
  if (code !== 0 || !summary || durationMs === undefined) {
    throw new Error(`analysis failed for ${path}: ${text.split('\n').slice(-3).join(' ').trim()}`);
  }
  const { cueInMs, cueOutMs } = cuePoints(parseSilences(text), durationMs);
  const { introEndMs, outroStartMs } = introOutro(summary, cueInMs, cueOutMs);
  return {
    duration_ms: durationMs,
    integrated_lufs: summary.integratedLufs,
    loudness_range_lu: summary.lraLu,
    true_peak_dbtp: summary.truePeakDbtp,
    replaygain_track_gain_db: replayGainDb(summary.integratedLufs),
    replaygain_track_peak: Math.pow(10, summary.truePeakDbtp / 20),
    cue_in_ms: cueInMs,
    cue_out_ms: cueOutMs,
    intro_end_ms: introEndMs,
    outro_start_ms: outroStartMs,
  };
}

const WAVEFORM_RATE = 8000;

// Min/max pairs per point from a mono 8 kHz decode: enough resolution for any display width.
export async function waveformPeaks(
  spawn: Spawner,
  path: string,
  points: number,
): Promise<WaveformResponse> {
  const n = Math.max(1, Math.min(points || 1000, 100_000));
  const durationMs = await probeDurationMs(spawn, path);
  if (durationMs === undefined) throw new Error(`cannot read ${path}`);
  const total = Math.max(1, Math.ceil((durationMs * WAVEFORM_RATE) / 1000));
  const perPoint = Math.max(1, Math.ceil(total / n));
  const proc = spawn({
    command: 'gst-launch-1.0',
    args: [
      ...[
        '-q',
        'filesrc',
        `location=${path}`,
        '!',
        'decodebin',
        '!',
        'audioconvert',
        '!',
        'audioresample',
        '!',
      ],
      ...[`audio/x-raw,format=F32LE,rate=${WAVEFORM_RATE},channels=1`, '!', 'fdsink', 'fd=1'],
    ],
    env: { GST_PLUGIN_FEATURE_RANK: 'mpg123audiodec:MAX' },
    role: 'waveform',
    nice: BACKGROUND_NICE,
  });
  const peaks = new Float32Array(n * 2);
  let index = 0;
  let carry = Buffer.alloc(0);
  proc.stdout.on('data', (chunk: Buffer) => {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = buf.length - (buf.length % 4);
    for (let off = 0; off < whole; off += 4) {
      const p = Math.min(n - 1, Math.floor(index / perPoint));
      const v = buf.readFloatLE(off);
      if (v < (peaks[2 * p] ?? 0)) peaks[2 * p] = v;
      if (v > (peaks[2 * p + 1] ?? 0)) peaks[2 * p + 1] = v;
      index += 1;
    }
    carry = Buffer.from(buf.subarray(whole));
  });
  const closed = new Promise<void>((r) => proc.stdout.once('close', r));
  const [info] = await Promise.all([proc.exited, closed]);
  if (info.code !== 0) throw new Error(`waveform decode failed for ${path}: ${proc.stderrTail()}`);
  return { peaks: Array.from(peaks), duration_ms: durationMs };
}
