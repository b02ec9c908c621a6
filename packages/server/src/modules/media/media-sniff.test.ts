import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffAudio, type SniffResult } from './media-sniff.js';

/** Builds a SNIFF_BYTES-long header: the given prefix bytes/strings, then `at` overrides. */
function head(prefix: (number | string)[], at: Record<number, string> = {}): Uint8Array {
  const b = Buffer.alloc(SNIFF_BYTES);
  let i = 0;
  for (const p of prefix) {
    if (typeof p === 'number') b[i++] = p;
    else i += b.write(p, i, 'latin1');
  }
  for (const [pos, s] of Object.entries(at)) b.write(s, Number(pos), 'latin1');
  return b;
}

const fmt = (r: SniffResult) => (r.kind === 'audio' ? r.audio.format : r.kind);

describe('sniffAudio', () => {
  const cases: [string, Uint8Array, string][] = [
    ['MPEG-1 layer III frame', head([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
    ['MPEG-2 layer III frame', head([0xff, 0xf3, 0x84, 0xc4]), 'mp3'],
    ['MPEG-2.5 layer III frame', head([0xff, 0xe3, 0x18, 0xc4]), 'mp3'],
    ['MPEG reserved version', head([0xff, 0xeb, 0x90, 0x64]), 'unsupported'],
    ['MPEG bad bitrate index', head([0xff, 0xfb, 0xf0, 0x64]), 'unsupported'],
    ['MPEG reserved sample rate', head([0xff, 0xfb, 0x9c, 0x64]), 'unsupported'],
    ['AAC ADTS 44.1 kHz', head([0xff, 0xf1, 0x50, 0x80]), 'aac'],
    ['ADTS reserved sample rate', head([0xff, 0xf1, 0x3c, 0x80]), 'unsupported'],
    ['FLAC', head(['fLaC', 0x00, 0x00, 0x00, 0x22]), 'flac'],
    ['Ogg Vorbis', head(['OggS', 0x00, 0x02], { 28: '\x01vorbis' }), 'vorbis'],
    ['Ogg Opus', head(['OggS', 0x00, 0x02], { 28: 'OpusHead' }), 'opus'],
    ['Ogg Theora video', head(['OggS', 0x00, 0x02], { 28: '\x80theora' }), 'unsupported'],
    ['WAV', head(['RIFF', 0x24, 0x08, 0x00, 0x00, 'WAVEfmt ']), 'wav'],
    ['AVI is RIFF but not WAVE', head(['RIFF', 0x24, 0x08, 0x00, 0x00, 'AVI LIST']), 'unsupported'],
    ['AIFF', head(['FORM', 0x00, 0x00, 0x10, 0x00, 'AIFFCOMM']), 'aiff'],
    ['AIFF-C', head(['FORM', 0x00, 0x00, 0x10, 0x00, 'AIFCFVER']), 'aiff'],
    ['M4A brand', head([0x00, 0x00, 0x00, 0x20, 'ftypM4A ']), 'm4a'],
    ['generic isom MP4', head([0x00, 0x00, 0x00, 0x20, 'ftypisom']), 'm4a'],
    ['QuickTime movie', head([0x00, 0x00, 0x00, 0x14, 'ftypqt  ']), 'unsupported'],
    ['plain text', head(['hello, this is not audio at all\n']), 'unsupported'],
    ['PNG image', head([0x89, 'PNG\r\n', 0x1a, 0x0a]), 'unsupported'],
    ['PDF document', head(['%PDF-1.7\n']), 'unsupported'],
    ['all zeros', head([]), 'unsupported'],
  ];
  it.each(cases)('%s', (_name, bytes, expected) => {
    expect(fmt(sniffAudio(bytes, false))).toBe(expected);
  });

  it('reports the MIME type and extension with the format', () => {
    const r = sniffAudio(head(['OggS'], { 28: 'OpusHead' }), true);
    expect(r).toEqual({ kind: 'audio', audio: { format: 'opus', mime: 'audio/ogg', ext: 'opus' } });
  });

  it.each([
    ['ID3v2 without footer', head(['ID3', 0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01]), 267],
    ['ID3v2 with footer', head(['ID3', 0x04, 0x00, 0x10, 0x00, 0x00, 0x02, 0x01]), 277],
    ['ID3v2 of 2 MiB', head(['ID3', 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]), 2_097_162],
  ])('skips an %s to the audio behind it', (_name, bytes, offset) => {
    expect(sniffAudio(bytes, false)).toEqual({ kind: 'skip', offset });
  });

  it('refuses an ID3 header whose size is not syncsafe', () => {
    expect(fmt(sniffAudio(head(['ID3', 0x04, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00]), false))).toBe(
      'unsupported',
    );
  });

  it('waits for more bytes while the stream continues, and decides on what there is at the end', () => {
    const flac = Buffer.from('fLaC');
    expect(sniffAudio(flac, false)).toEqual({ kind: 'need_more' });
    expect(fmt(sniffAudio(flac, true))).toBe('flac');
    expect(fmt(sniffAudio(Buffer.alloc(0), true))).toBe('unsupported');
    expect(fmt(sniffAudio(Buffer.from('hi'), true))).toBe('unsupported');
  });
});
