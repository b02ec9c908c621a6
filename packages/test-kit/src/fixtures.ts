import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function makeTempDir(
  prefix = 'grimnir-engine-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

interface ToneSpec {
  freq: number;
  seconds: number;
  // audiotestsrc volume (sine amplitude, 0..1).
  volume?: number;
  leadingSilenceSeconds?: number;
  trailingSilenceSeconds?: number;
  format?: 'mp3' | 'wav' | 'ogg' | 'flac';
}

const buffersFor = (seconds: number): number => Math.max(1, Math.round(seconds * 100));

// A sine tone (optionally framed by digital silence) rendered by GStreamer into a file.
export async function makeTone(file: string, spec: ToneSpec): Promise<string> {
  const src = (wave: string, seconds: number, extra: string[] = []): string[] => [
    'audiotestsrc',
    `wave=${wave}`,
    'samplesperbuffer=441',
    `num-buffers=${buffersFor(seconds)}`,
    ...extra,
    '!',
    'audio/x-raw,rate=44100,channels=2,format=F32LE',
    '!',
    'c.',
  ];
  const encoders = {
    wav: ['wavenc'],
    ogg: ['vorbisenc', 'quality=0.6', '!', 'oggmux'],
    flac: ['flacenc'],
    mp3: ['lamemp3enc', 'target=bitrate', 'bitrate=192', 'cbr=true'],
  };
  const encoder = encoders[spec.format ?? 'mp3'];
  const args = [
    '-q',
    'concat',
    'name=c',
    '!',
    'audioconvert',
    '!',
    ...encoder,
    '!',
    'filesink',
    `location=${file}`,
  ];
  if (spec.leadingSilenceSeconds) args.push(...src('silence', spec.leadingSilenceSeconds));
  args.push(...src('sine', spec.seconds, [`freq=${spec.freq}`, `volume=${spec.volume ?? 0.5}`]));
  if (spec.trailingSilenceSeconds) args.push(...src('silence', spec.trailingSilenceSeconds));
  await run('gst-launch-1.0', args);
  return file;
}

// Decodes any file to mono Float32 at 44.1 kHz through ffmpeg.
export async function decodeToMono(file: string): Promise<Float32Array> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      file,
      '-f',
      'f32le',
      '-ac',
      '1',
      '-ar',
      '44100',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 },
  );
  const aligned = Buffer.from(stdout);
  return new Float32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));
}

export async function decodeBytesToMono(
  bytes: Buffer,
  dir: string,
  ext: string,
): Promise<Float32Array> {
  const file = path.join(
    dir,
    `received-${Date.now()}-${Math.random().toString(36).slice(2)}.${ext}`,
  );
  await writeFile(file, bytes);
  return decodeToMono(file);
}

// Integrated loudness of a file by ffmpeg's ebur128 (the reference meter for the tests).
export async function measureLufs(
  file: string,
  startSeconds = 0,
  seconds?: number,
): Promise<number> {
  const args = ['-hide_banner', '-nostats', '-ss', String(startSeconds)];
  if (seconds !== undefined) args.push('-t', String(seconds));
  args.push('-i', file, '-af', 'ebur128', '-f', 'null', '-');
  const { stderr } = await run('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const m = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!m?.[1]) throw new Error(`no loudness in ffmpeg output: ${stderr.slice(-400)}`);
  return Number.parseFloat(m[1]);
}
