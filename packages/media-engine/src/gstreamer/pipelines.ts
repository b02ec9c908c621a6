import type { AudioFormat } from '@grimnir/contracts';
import { CHANNELS, SAMPLE_RATE } from '../mixer/format.js';

// Pure argv builders. Every pipeline token is its own argv item: gst-launch escapes each one,
// so paths with spaces or '!' stay intact and nothing goes through a shell (trap 2).
export interface Command {
  command: string;
  args: string[];
  env: Record<string, string>;
}

const GST = 'gst-launch-1.0';
const PCM_CAPS = `audio/x-raw,format=F32LE,rate=${SAMPLE_RATE},channels=${CHANNELS},layout=interleaved`;
// libav's MP3 decoder costs 55 MB and twice the CPU of mpg123 (trap 1).
const DECODER_ENV = { GST_PLUGIN_FEATURE_RANK: 'mpg123audiodec:MAX' };

const TO_PCM = ['audioconvert', '!', 'audioresample', '!', PCM_CAPS, '!', 'fdsink', 'fd=1'];

export function decodeFileCommand(path: string): Command {
  return {
    command: GST,
    args: ['-q', 'filesrc', `location=${path}`, '!', 'decodebin', '!', ...TO_PCM],
    env: DECODER_ENV,
  };
}

// gst-launch cannot seek, so a decoder that must resume mid-file (after a crash or stall) is
// ffmpeg with an input seek: it lands within milliseconds instead of decoding from the start.
export function decodeFileFromCommand(path: string, startMs: number): Command {
  return {
    command: 'ffmpeg',
    args: [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
      ...['-ss', (startMs / 1000).toFixed(3), '-i', path],
      ...['-vn', '-f', 'f32le', '-ac', String(CHANNELS), '-ar', String(SAMPLE_RATE), 'pipe:1'],
    ],
    env: {},
  };
}

// Decodes whatever the engine pipes to stdin, to the same PCM as decodeFileCommand. Used by
// relays: the engine fetches the stream (sources/relay-fetch.ts, through the outbound fence,
// ICY metadata stripped), so no URL or credential is ever on this command line; and by warm
// decoders (warm-decoders.ts), started before there is a file to stream to them. decodebin
// typefinds the format, as it did behind souphttpsrc and filesrc.
export function decodeStdinCommand(): Command {
  return {
    command: GST,
    args: ['-q', 'fdsrc', 'fd=0', '!', 'decodebin', '!', ...TO_PCM],
    env: DECODER_ENV,
  };
}

// Typefinding a live byte stream costs ~0.5 s (trap 9): pick the parser from the content type.
export function liveDecoderElements(contentType: string): string[] {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  switch (type) {
    case 'audio/mpeg':
    case 'audio/mp3':
      return ['mpegaudioparse', '!', 'mpg123audiodec'];
    case 'audio/aac':
    case 'audio/aacp':
      return ['aacparse', '!', 'avdec_aac'];
    case 'audio/ogg':
    case 'application/ogg':
    case 'audio/opus':
    case 'audio/vorbis':
      return ['oggdemux', '!', 'decodebin'];
    default:
      return ['decodebin'];
  }
}

export function decodeStreamCommand(contentType: string): Command {
  return {
    command: GST,
    args: ['-q', 'fdsrc', 'fd=0', '!', ...liveDecoderElements(contentType), '!', ...TO_PCM],
    env: DECODER_ENV,
  };
}

export interface EncoderSpec {
  format: AudioFormat;
  bitrateKbps: number;
  sampleRate: number;
  channels: number;
}

function encoderElements(spec: EncoderSpec): string[] {
  switch (spec.format) {
    case 'MP3':
      return ['lamemp3enc', 'target=bitrate', `bitrate=${spec.bitrateKbps}`, 'cbr=true'];
    case 'AAC':
      return [
        ...['voaacenc', `bitrate=${spec.bitrateKbps * 1000}`, '!', 'aacparse', '!'],
        'audio/mpeg,mpegversion=4,stream-format=adts',
      ];
    case 'OPUS':
      return ['opusenc', `bitrate=${spec.bitrateKbps * 1000}`, '!', 'oggmux'];
    case 'VORBIS':
      return ['vorbisenc', `bitrate=${spec.bitrateKbps * 1000}`, '!', 'oggmux'];
  }
}

// Input is 16-bit PCM (see writeS16): lamemp3enc takes S16 only, so audioconvert stays a
// passthrough for MP3, and there is half the pipe traffic of Float32.
export function encodeCommand(spec: EncoderSpec): Command {
  // Opus only encodes 48 kHz; the others take the mount's rate.
  const rate = spec.format === 'OPUS' ? 48_000 : spec.sampleRate;
  const raw = [
    'format=pcm',
    'pcm-format=s16le',
    `sample-rate=${SAMPLE_RATE}`,
    `num-channels=${CHANNELS}`,
  ];
  return {
    command: GST,
    args: [
      // Large reads: the engine writes one batch per tick; 4 KB reads would split each one.
      ...[
        '-q',
        'fdsrc',
        'fd=0',
        'blocksize=65536',
        '!',
        'rawaudioparse',
        'use-sink-caps=false',
        ...raw,
      ],
      // Dither is inaudible under a lossy codec and costs CPU on every sample.
      ...['!', 'audioconvert', 'dithering=none', 'noise-shaping=none', '!', 'audioresample', '!'],
      `audio/x-raw,rate=${rate},channels=${spec.channels}`,
      '!',
      ...encoderElements(spec),
      ...['!', 'fdsink', 'fd=1'],
    ],
    env: {},
  };
}

export function contentTypeOf(format: AudioFormat): string {
  switch (format) {
    case 'MP3':
      return 'audio/mpeg';
    case 'AAC':
      return 'audio/aac';
    case 'OPUS':
    case 'VORBIS':
      return 'audio/ogg';
  }
}
