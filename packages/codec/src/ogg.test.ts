import { describe, expect, it } from 'vitest';
import { frameSeconds, type FrameHeader } from './format.js';
import { ogg } from './ogg.js';
import { oggPage, readHeader } from './testing/synthetic-frames.js';

const page = (granule: bigint, body: number, bos = false) => [
  ...oggPage({ granule, body, bos, seed: 1 }),
];

describe('ogg page headers', () => {
  it.each<[string, number[], Partial<FrameHeader> | string]>([
    ['BOS header page', page(0n, 19, true), { length: 28 + 19, bos: true, headerPage: true }],
    ['second header page', page(0n, 600), { length: 27 + 3 + 600, bos: false, headerPage: true }],
    ['page ending no packet', page(-1n, 255), { headerPage: true }],
    ['audio page', page(960n, 300), { length: 27 + 2 + 300, bos: false, headerPage: false }],
    ['empty page', page(960n, 0), { length: 27 }],
    ['capture prefix', [0x4f, 0x67, 0x67], 'need_more'],
    ['wrong capture', [0x4f, 0x67, 0x67, 0x54], 'invalid'],
    ['version 1', [0x4f, 0x67, 0x67, 0x53, 1], 'invalid'],
    [
      'reserved flag bits',
      [...page(0n, 10).slice(0, 5), 0x08, ...page(0n, 10).slice(6)],
      'invalid',
    ],
    ['segment table cut', page(960n, 600).slice(0, 28), 'need_more'],
  ])('%s', (_name, bytes, want) => {
    const got = readHeader(ogg, bytes);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatchObject(want);
  });

  it('does not pace by pages (their duration is in the granule positions)', () => {
    const h = readHeader(ogg, page(960n, 300));
    expect(typeof h === 'object' && frameSeconds(h)).toBe(0);
  });
});
