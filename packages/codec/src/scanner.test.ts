import { describe, expect, it } from 'vitest';
import { findFrameSync, splitOggPages } from './stream-alignment.js';

function oggPage(granule: number, body: number[], bos = false): Buffer {
  const header = Buffer.alloc(27 + 1);
  header.write('OggS', 0);
  header[5] = bos ? 0x02 : 0;
  header.writeBigInt64LE(BigInt(granule), 6);
  header[26] = 1;
  header[27] = body.length;
  return Buffer.concat([header, Buffer.from(body)]);
}

describe('splitOggPages', () => {
  it('splits complete pages and leaves a partial one', () => {
    const a = oggPage(0, [1, 2, 3], true);
    const b = oggPage(960, [4, 5]);
    const buf = Buffer.concat([a, b, b.subarray(0, 10)]);
    const { pages, consumed } = splitOggPages(buf);
    expect(pages.map((p) => [p.granule, p.bos, p.end - p.start])).toEqual([
      [0n, true, a.length],
      [960n, false, b.length],
    ]);
    expect(consumed).toBe(a.length + b.length);
  });
  it('resyncs past garbage', () => {
    const a = oggPage(5, [9]);
    const { pages } = splitOggPages(Buffer.concat([Buffer.from([1, 2, 3]), a]));
    expect(pages[0]?.start).toBe(3);
  });
});

describe('findFrameSync', () => {
  const table: [Parameters<typeof findFrameSync>[0], number[], number][] = [
    ['MP3', [0x00, 0xff, 0xfb, 0x90], 1],
    ['MP3', [0xff, 0x00, 0xff, 0xf3], 2],
    ['MP3', [0x12, 0x34], -1],
    ['AAC', [0x01, 0xff, 0xf1, 0x50], 1],
    ['AAC', [0xff, 0xfb], -1],
  ];
  it.each(table)('%s %o -> %i', (format, bytes, expected) => {
    expect(findFrameSync(format, Buffer.from(bytes))).toBe(expected);
  });
});
