import { describe, expect, it } from 'vitest';
import { frameSeconds, type FrameHeader } from './format.js';
import { mp3 } from './mp3.js';
import { adtsFrame, readHeader } from './testing/synthetic-frames.js';

describe('mp3 frame headers', () => {
  it.each<[string, number[], Partial<FrameHeader> | string]>([
    ['MPEG-1 L3 128k/44.1', [0xff, 0xfb, 0x90, 0x00], { length: 417, samples: 1152 }],
    ['padded', [0xff, 0xfb, 0x92, 0x00], { length: 418, samples: 1152, sampleRate: 44100 }],
    ['MPEG-1 L3 320k/48', [0xff, 0xfb, 0xe4, 0x00], { length: 960, sampleRate: 48000 }],
    ['MPEG-2 L3 64k/22.05', [0xff, 0xf3, 0x80, 0x00], { length: 208, samples: 576 }],
    ['MPEG-2.5 L3 8k/8', [0xff, 0xe3, 0x18, 0x00], { length: 72, samples: 576, sampleRate: 8000 }],
    ['MPEG-1 L2 192k/48', [0xff, 0xfd, 0xa4, 0x00], { length: 576, samples: 1152 }],
    ['MPEG-1 L1 32k/44.1', [0xff, 0xff, 0x10, 0x00], { length: 8 * 4, samples: 384 }],
    ['free-format bitrate', [0xff, 0xfb, 0x00, 0x00], 'invalid'],
    ['bad bitrate', [0xff, 0xfb, 0xf0, 0x00], 'invalid'],
    ['reserved version', [0xff, 0xeb, 0x90, 0x00], 'invalid'],
    ['reserved rate', [0xff, 0xfb, 0x9c, 0x00], 'invalid'],
    ['reserved emphasis', [0xff, 0xfb, 0x90, 0x02], 'invalid'],
    ['no sync', [0xfe, 0xfb, 0x90, 0x00], 'invalid'],
    ['truncated', [0xff, 0xfb], 'need_more'],
    ['an ADTS header', [...adtsFrame(1).subarray(0, 7)], 'invalid'],
  ])('%s', (_name, bytes, want) => {
    const got = readHeader(mp3, bytes);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatchObject({ ...want, bos: false, headerPage: false });
  });

  it('paces by samples per frame', () => {
    const h = readHeader(mp3, [0xff, 0xfb, 0x90, 0x00]);
    expect(typeof h === 'object' && frameSeconds(h)).toBeCloseTo(1152 / 44100, 9);
  });
});
