import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring.js';
import { adtsHeaderAt, framingOf, mp3HeaderAt, oggPageAt } from './frame-headers.js';
import { StreamFramer } from './stream-framer.js';
import { adtsFrame, mp3Frame, oggPage } from '../../test-support/synthetic-frames.js';

/** Feeds `stream` in chunks of the given sizes (cycled) and returns framer + ring. */
function feed(framing: 'mp3' | 'adts' | 'ogg', stream: Buffer, sizes: number[], cap = 1 << 20) {
  const framer = new StreamFramer(framing);
  const ring = new ByteRing(cap);
  const found: number[] = [];
  for (let pos = 0, k = 0; pos < stream.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, stream.length - pos);
    const chunk = stream.subarray(pos, pos + n);
    ring.append(chunk);
    found.push(...framer.push(chunk, ring));
    pos += n;
  }
  return { framer, ring, found };
}
const offsetsOf = (frames: Buffer[], skip = 0) => {
  const out: number[] = [];
  let pos = skip;
  for (const f of frames) {
    out.push(pos);
    pos += f.length;
  }
  return out;
};

describe('frame headers', () => {
  it.each([
    ['mp3 128k/44.1', mp3HeaderAt, [0xff, 0xfb, 0x90, 0x00], { length: 417, samples: 1152 }],
    ['mp3 padded', mp3HeaderAt, [0xff, 0xfb, 0x92, 0x00], { length: 418, samples: 1152 }],
    ['mp3 MPEG-2 64k/22.05', mp3HeaderAt, [0xff, 0xf3, 0x80, 0x00], { length: 208, samples: 576 }],
    ['mp3 bad bitrate', mp3HeaderAt, [0xff, 0xfb, 0xf0, 0x00], 'invalid'],
    ['mp3 reserved version', mp3HeaderAt, [0xff, 0xeb, 0x90, 0x00], 'invalid'],
    ['mp3 truncated', mp3HeaderAt, [0xff, 0xfb], 'need_more'],
    ['adts 300', adtsHeaderAt, [...adtsFrame(1).subarray(0, 7)], { length: 300, samples: 1024 }],
    ['adts is not mp3', mp3HeaderAt, [...adtsFrame(1).subarray(0, 7)], 'invalid'],
    ['mp3 is not adts', adtsHeaderAt, [0xff, 0xfb, 0x90, 0x00, 0, 0, 0], 'invalid'],
    ['ogg prefix', oggPageAt, [0x4f, 0x67, 0x67], 'need_more'],
    ['ogg wrong', oggPageAt, [0x4f, 0x67, 0x67, 0x54], 'invalid'],
  ])('%s', (_name, read, bytes, want) => {
    const got = read(Uint8Array.from(bytes), 0);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatchObject(want);
  });

  it.each([
    ['audio/mpeg', 'mp3'],
    ['audio/aac', 'adts'],
    ['audio/aacp', 'adts'],
    ['audio/ogg; codecs=opus', 'ogg'],
    ['application/octet-stream', 'none'],
  ])('framingOf(%s) = %s', (ct, want) => expect(framingOf(ct)).toBe(want));
});

describe('StreamFramer: frame boundaries across arbitrary chunking', () => {
  const mp3 = Array.from({ length: 40 }, (_, i) => mp3Frame(i, i % 3 === 0));
  const adts = Array.from({ length: 40 }, (_, i) => adtsFrame(i, 200 + i * 7));
  it.each([
    ['mp3', mp3, [1]],
    ['mp3', mp3, [3, 500, 7]],
    ['mp3', mp3, [4096]],
    ['adts', adts, [2, 999]],
    ['adts', adts, [6]],
  ] as const)('%s in chunks %j', (framing, frames, sizes) => {
    const { found } = feed(framing, Buffer.concat(frames), [...sizes]);
    expect(found).toEqual(offsetsOf(frames));
  });

  it('resynchronises after garbage at the start (a listener-side join mid-frame)', () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfb, 0x12, 0x34, 0x99]);
    const { found } = feed('mp3', Buffer.concat([garbage, ...mp3]), [100]);
    expect(found).toEqual(offsetsOf(mp3, garbage.length));
  });
});

describe('StreamFramer.burstStart', () => {
  it.each([
    // [burst bytes, expected start frame index among 40 MP3 frames]
    [417 * 3, 37],
    [417 * 3 + 200, 37],
    [417 * 3 - 1, 38],
    [10_000_000, 0],
  ])('mp3, burst %i bytes → frame %i', (burst, frameIdx) => {
    const frames = Array.from({ length: 40 }, (_, i) => mp3Frame(i));
    const { framer, ring } = feed('mp3', Buffer.concat(frames), [1000]);
    expect(framer.burstStart(ring, burst)).toBe(offsetsOf(frames)[frameIdx]);
  });

  it('never starts before the bytes the ring still holds', () => {
    const frames = Array.from({ length: 40 }, (_, i) => mp3Frame(i));
    const { framer, ring } = feed('mp3', Buffer.concat(frames), [1000], 5000);
    const start = framer.burstStart(ring, 1_000_000)!;
    expect(start).toBeGreaterThanOrEqual(ring.start);
    expect(offsetsOf(frames)).toContain(start);
  });
});

describe('StreamFramer with Ogg: header pages replayed, audio starts on a page', () => {
  const headers = [
    oggPage({ bos: true, granule: 0n, body: 19, seed: 1 }),
    oggPage({ granule: 0n, body: 600, seed: 2 }),
  ];
  const audio = Array.from({ length: 20 }, (_, i) =>
    oggPage({ granule: BigInt(960 * (i + 1)), body: 300 + i * 11, seed: 10 + i }),
  );
  const stream = Buffer.concat([...headers, ...audio]);
  const audioOffsets = offsetsOf(audio, headers[0]!.length + headers[1]!.length);

  it.each([[[1]], [[33, 4000]], [[65_536]]])('chunks %j', (sizes) => {
    const { framer, ring, found } = feed('ogg', stream, sizes);
    expect(found).toEqual(audioOffsets);
    expect(framer.headers).toEqual(Buffer.concat(headers));
    const start = framer.burstStart(ring, 1000)!;
    expect(audioOffsets).toContain(start);
    expect(start).toBeGreaterThanOrEqual(ring.end - 1000);
    expect(framer.burstStart(ring, 1 << 20)).toBe(audioOffsets[0]);
  });

  it('a new chain (encoder restart) replaces the headers and old pages stop qualifying', () => {
    const chain2 = [
      oggPage({ bos: true, granule: 0n, body: 19, seed: 99 }),
      oggPage({ granule: 0n, body: 50, seed: 98 }),
    ];
    const more = oggPage({ granule: 960n, body: 100, seed: 97 });
    const all = Buffer.concat([stream, ...chain2, more]);
    const { framer, ring } = feed('ogg', all, [512]);
    expect(framer.headers).toEqual(Buffer.concat(chain2));
    expect(framer.burstStart(ring, 1 << 20)).toBe(all.length - more.length);
    const { framer: mid } = feed('ogg', Buffer.concat([stream, ...chain2]), [512]);
    expect(mid.headers).toBeUndefined();
  });
});
