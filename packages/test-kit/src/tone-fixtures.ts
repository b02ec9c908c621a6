import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A CBR MP3 sine tone made with GStreamer (fixtures are generated, never committed). */
export async function makeToneMp3(
  dir: string,
  opts: { freq: number; seconds: number; bitrateKbps?: number },
): Promise<string> {
  const file = join(dir, `tone-${opts.freq}.mp3`);
  const buffers = Math.ceil((opts.seconds * 44100) / 1024);
  await run('gst-launch-1.0', [
    '-q',
    'audiotestsrc',
    'wave=sine',
    `freq=${opts.freq}`,
    `num-buffers=${buffers}`,
    '!',
    'audio/x-raw,rate=44100,channels=2',
    '!',
    'audioconvert',
    '!',
    'lamemp3enc',
    'target=bitrate',
    `bitrate=${opts.bitrateKbps ?? 128}`,
    'cbr=true',
    '!',
    'filesink',
    `location=${file}`,
  ]);
  return file;
}

/** Decodes encoded audio bytes to mono Float32 at 44.1 kHz with ffmpeg. */
export async function decodeToPcm(dir: string, bytes: Buffer): Promise<Float32Array> {
  const input = join(dir, `decode-${Date.now()}-${Math.random().toString(36).slice(2)}.bin`);
  writeFileSync(input, bytes);
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', input, '-f', 'f32le', '-ac', '1', '-ar', '44100', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
  );
  const out = Buffer.from(stdout);
  return new Float32Array(out.buffer, out.byteOffset, Math.floor(out.length / 4));
}
