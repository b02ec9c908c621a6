import { describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  decodeFileCommand,
  decodeFileFromCommand,
  decodeStdinCommand,
  encodeCommand,
  liveDecoderElements,
} from './pipelines.js';

describe('pipelines', () => {
  it('keeps a path with spaces and ! as one token', () => {
    const c = decodeFileCommand('/music/a b!c.mp3');
    expect(c.args).toContain('location=/music/a b!c.mp3');
    expect(c.env).toEqual({ GST_PLUGIN_FEATURE_RANK: 'mpg123audiodec:MAX' });
    expect(c.args.at(-2)).toBe('fdsink');
  });

  it('decodes a relay from stdin: no URL or credential on the command line', () => {
    const c = decodeStdinCommand();
    expect(c.args.slice(0, 5)).toEqual(['-q', 'fdsrc', 'fd=0', '!', 'decodebin']);
    expect(c.args.join(' ')).not.toMatch(/souphttpsrc|location=|user-(id|pw)=/);
  });

  it('decodes stdin to the very PCM of the file decoder (a warm decoder replaces it)', () => {
    const file = decodeFileCommand('/x.mp3');
    const stdin = decodeStdinCommand();
    const afterSource = (args: string[]): string[] => args.slice(args.indexOf('decodebin'));
    expect(afterSource(stdin.args)).toEqual(afterSource(file.args));
    expect(stdin.env).toEqual(file.env);
    expect(stdin.command).toBe(file.command);
  });

  it('resumes with an input seek', () => {
    const c = decodeFileFromCommand('/x.ogg', 61_500);
    expect(c.command).toBe('ffmpeg');
    expect(c.args.slice(c.args.indexOf('-ss'), c.args.indexOf('-ss') + 4)).toEqual([
      '-ss',
      '61.500',
      '-i',
      '/x.ogg',
    ]);
  });

  const encoders: [Parameters<typeof encodeCommand>[0], string[]][] = [
    [
      { format: 'MP3', bitrateKbps: 128, sampleRate: 44100, channels: 2 },
      ['lamemp3enc', 'bitrate=128', 'cbr=true'],
    ],
    [
      { format: 'AAC', bitrateKbps: 96, sampleRate: 44100, channels: 2 },
      ['voaacenc', 'bitrate=96000', 'aacparse'],
    ],
    [
      { format: 'OPUS', bitrateKbps: 64, sampleRate: 44100, channels: 2 },
      ['opusenc', 'bitrate=64000', 'audio/x-raw,rate=48000,channels=2'],
    ],
    [
      { format: 'VORBIS', bitrateKbps: 128, sampleRate: 22050, channels: 1 },
      ['vorbisenc', 'oggmux', 'audio/x-raw,rate=22050,channels=1'],
    ],
  ];
  it.each(encoders)('encoder %o', (spec, tokens) => {
    const args = encodeCommand(spec).args;
    for (const t of tokens) expect(args).toContain(t);
  });

  const live: [string, string][] = [
    ['audio/mpeg', 'mpegaudioparse'],
    ['audio/aac; charset=x', 'aacparse'],
    ['application/ogg', 'oggdemux'],
    ['', 'decodebin'],
  ];
  it.each(live)('live %s starts with %s', (type, first) => {
    expect(liveDecoderElements(type)[0]).toBe(first);
  });

  it('maps content types', () => {
    expect(contentTypeOf('MP3')).toBe('audio/mpeg');
    expect(contentTypeOf('OPUS')).toBe('audio/ogg');
  });
});
