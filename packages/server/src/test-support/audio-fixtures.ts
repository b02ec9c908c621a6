import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Audio fixtures generated at test time (never committed): GStreamer's test tone, encoded to
 * each container the library accepts. M4A comes from ffmpeg because music-metadata cannot read
 * the duration of GStreamer's mp4mux output.
 */

const run = promisify(execFile);

export type FixtureFormat = 'mp3' | 'aac' | 'flac' | 'vorbis' | 'opus' | 'wav' | 'aiff' | 'm4a';

interface FixtureOptions {
  readonly seconds?: number;
  /** Tags written into the file (MP3, FLAC, Vorbis, Opus). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Tone frequency, so two fixtures of equal length have different content hashes. */
  readonly freq?: number;
  readonly name?: string;
}

const ENCODERS: Record<Exclude<FixtureFormat, 'm4a'>, { ext: string; chain: string[] }> = {
  mp3: { ext: 'mp3', chain: ['lamemp3enc', '!', 'xingmux', '!', 'TAGS', 'id3v2mux'] },
  aac: { ext: 'aac', chain: ['avenc_aac', '!', 'aacparse', '!', 'audio/mpeg,stream-format=adts'] },
  flac: { ext: 'flac', chain: ['TAGS', 'flacenc'] },
  vorbis: { ext: 'ogg', chain: ['TAGS', 'vorbisenc', '!', 'oggmux'] },
  opus: { ext: 'opus', chain: ['TAGS', 'opusenc', '!', 'oggmux'] },
  wav: { ext: 'wav', chain: ['wavenc'] },
  aiff: { ext: 'aiff', chain: ['aiffmux'] },
};

function tagInject(tags: Readonly<Record<string, string>> | undefined): string[] {
  if (!tags || Object.keys(tags).length === 0) return [];
  const list = Object.entries(tags)
    // Typed values such as `(uint)3` or `128.0` go in bare; text is quoted.
    .map(([k, v]) =>
      /^(\(\w+\))?[\d.]+$/.test(v) ? `${k}=${v}` : `${k}=\\"${v.replace(/["\\]/g, '')}\\"`,
    )
    .join(',');
  return ['taginject', `tags="${list}"`, '!'];
}

export async function makeAudio(
  dir: string,
  format: FixtureFormat,
  opts: FixtureOptions = {},
): Promise<string> {
  const seconds = opts.seconds ?? 2;
  const freq = opts.freq ?? 440;
  if (format === 'm4a') {
    const out = join(dir, opts.name ?? `fixture-${freq}.m4a`);
    await run('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `sine=f=${freq}:d=${seconds}`,
      '-c:a',
      'aac',
      out,
    ]);
    return out;
  }
  const enc = ENCODERS[format];
  const out = join(dir, opts.name ?? `fixture-${freq}.${enc.ext}`);
  const chain = enc.chain.flatMap((el) => (el === 'TAGS' ? tagInject(opts.tags) : [el]));
  // 10 buffers of 4410 samples per second at 44.1 kHz.
  await run('gst-launch-1.0', [
    '-q',
    'audiotestsrc',
    `num-buffers=${Math.round(seconds * 10)}`,
    'samplesperbuffer=4410',
    `freq=${freq}`,
    '!',
    'audio/x-raw,rate=44100,channels=2',
    '!',
    'audioconvert',
    '!',
    'audioresample',
    '!',
    ...chain,
    '!',
    'filesink',
    `location=${out}`,
  ]);
  return out;
}

/** Copies `audio` (MP3) adding a small PNG as front cover, the way taggers embed artwork. */
export async function addCover(audio: string, out: string): Promise<string> {
  const png = `${out}.cover.png`;
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=red:s=32x32',
    '-frames:v',
    '1',
    png,
  ]);
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    audio,
    '-i',
    png,
    '-map',
    '0',
    '-map',
    '1',
    '-c',
    'copy',
    '-id3v2_version',
    '3',
    '-metadata:s:v',
    'comment=Cover (front)',
    out,
  ]);
  return out;
}
