import { describe, expect, it } from 'vitest';
import { adts } from './adts.js';
import type { CodecFormat } from './format.js';
import { mp3 } from './mp3.js';
import { ogg } from './ogg.js';
import { FrameScanner } from './scanner.js';
import { adtsFrame, chunked, mp3Frame, oggPage, offsetsOf } from './testing/synthetic-frames.js';

/** Scans `stream` cut into chunks of `sizes`; the offsets and lengths of the frames found. */
function scan(format: CodecFormat, stream: Buffer, sizes: readonly number[]) {
  const scanner = new FrameScanner(format);
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (const chunk of chunked(stream, sizes))
    scanner.push(chunk, (offset, h, buf, at) => {
      // The visitor's view of the bytes agrees with the absolute offset.
      expect(buf.subarray(at, at + 4)).toEqual(stream.subarray(offset, offset + 4));
      offsets.push(offset);
      lengths.push(h.length);
    });
  return { offsets, lengths, scanner };
}

const mp3s = Array.from({ length: 40 }, (_, i) => mp3Frame(i, i % 3 === 0));
const adtss = Array.from({ length: 40 }, (_, i) => adtsFrame(i, 200 + i * 7));
const pages = Array.from({ length: 20 }, (_, i) =>
  oggPage({ granule: BigInt(960 * i), body: 300 + i * 37, seed: i, bos: i === 0 }),
);

describe('FrameScanner: frame boundaries across arbitrary chunking', () => {
  it.each<[string, CodecFormat, Buffer[], number[]]>([
    ['mp3', mp3, mp3s, [1]],
    ['mp3', mp3, mp3s, [3, 500, 7]],
    ['mp3', mp3, mp3s, [4096]],
    ['adts', adts, adtss, [2, 999]],
    ['adts', adts, adtss, [6]],
    ['ogg', ogg, pages, [1]],
    ['ogg', ogg, pages, [26, 27, 28, 300]],
    ['ogg', ogg, pages, [65_536]],
  ])('%s in chunks %j', (_name, format, frames, sizes) => {
    const stream = Buffer.concat(frames);
    const { offsets, lengths, scanner } = scan(format, stream, sizes);
    expect(offsets).toEqual(offsetsOf(frames));
    expect(lengths).toEqual(frames.map((f) => f.length));
    expect(scanner.position).toBe(stream.length);
  });

  it.each<[string, CodecFormat, Buffer[], Buffer]>([
    ['mp3', mp3, mp3s, Buffer.from([0x00, 0xff, 0xfb, 0x12, 0x34, 0x99])],
    ['adts', adts, adtss, Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x00])],
    ['ogg', ogg, pages, Buffer.from([1, 2, 3, 0x4f, 0x67, 0x67, 0x53, 0, 0])],
  ])('%s resynchronises after garbage (a join mid-frame)', (_name, format, frames, garbage) => {
    const { offsets } = scan(format, Buffer.concat([garbage, ...frames]), [100]);
    expect(offsets).toEqual(offsetsOf(frames, garbage.length));
  });

  it('resynchronises when bytes are lost mid-stream', () => {
    const truncated = mp3s[5]!.subarray(0, 200); // a frame cut short, as after a lost packet
    const frames = [...mp3s.slice(0, 5), truncated, ...mp3s.slice(6)];
    const { offsets } = scan(mp3, Buffer.concat(frames), [1000]);
    const all = offsetsOf(frames);
    // The cut frame's header is still believed; the rescan then lands inside the next frame.
    expect(offsets).toEqual([...all.slice(0, 6), ...all.slice(7)]);
  });
});
