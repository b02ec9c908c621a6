import { describe, expect, it } from 'vitest';
import { adts } from './adts.js';
import { frameSeconds, type FrameHeader } from './format.js';
import { adtsFrame, readHeader } from './testing/synthetic-frames.js';

/** An ADTS header: protection absent unless `crc`, sampling index, frame length, raw blocks. */
function header(opts: { len: number; rateIdx?: number; crc?: boolean; blocks?: number }) {
  const { len, rateIdx = 4, crc = false, blocks = 1 } = opts;
  return [
    0xff,
    crc ? 0xf0 : 0xf1,
    0x40 | (rateIdx << 2),
    0x80 | ((len >> 11) & 3),
    (len >> 3) & 0xff,
    ((len & 7) << 5) | 0x1f,
    0xfc | (blocks - 1),
  ];
}

describe('adts frame headers', () => {
  it.each<[string, number[], Partial<FrameHeader> | string]>([
    ['synthetic 300 bytes', [...adtsFrame(1).subarray(0, 7)], { length: 300, samples: 1024 }],
    ['44.1 kHz', header({ len: 371 }), { length: 371, sampleRate: 44100 }],
    ['48 kHz', header({ len: 400, rateIdx: 3 }), { sampleRate: 48000 }],
    ['7.35 kHz', header({ len: 400, rateIdx: 12 }), { sampleRate: 7350 }],
    ['four raw blocks', header({ len: 1500, blocks: 4 }), { samples: 4096 }],
    ['with CRC', header({ len: 9, crc: true }), { length: 9 }],
    ['CRC header longer than frame', header({ len: 8, crc: true }), 'invalid'],
    ['shorter than its header', header({ len: 6 }), 'invalid'],
    ['reserved rate index', header({ len: 300, rateIdx: 13 }), 'invalid'],
    ['an MP3 header', [0xff, 0xfb, 0x90, 0x00, 0, 0, 0], 'invalid'],
    ['truncated', header({ len: 300 }).slice(0, 6), 'need_more'],
  ])('%s', (_name, bytes, want) => {
    const got = readHeader(adts, bytes);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatchObject({ ...want, bos: false, headerPage: false });
  });

  it('paces by 1024 samples per raw block', () => {
    const h = readHeader(adts, header({ len: 300, rateIdx: 3 }));
    expect(typeof h === 'object' && frameSeconds(h)).toBeCloseTo(1024 / 48000, 9);
  });
});
