import { formatFor } from '@grimnir/codec';
import { chunked, mp3Frame, oggChain, oggPage, offsetsOf } from '@grimnir/codec/testing';
import { describe, expect, it } from 'vitest';
import { ByteRing } from './byte-ring.js';
import { StreamFramer } from './stream-framer.js';

/** Publishes `stream` in chunks of `sizes` into a ring; returns framer + ring. */
function feed(format: 'mp3' | 'opus' | undefined, stream: Buffer, sizes: number[], cap = 1 << 20) {
  const framer = new StreamFramer(format && formatFor(format));
  const ring = new ByteRing(cap);
  for (const chunk of chunked(stream, sizes)) {
    ring.append(chunk);
    framer.push(chunk, ring);
  }
  return { framer, ring };
}

describe('StreamFramer.burstStart', () => {
  const frames = Array.from({ length: 40 }, (_, i) => mp3Frame(i));
  it.each([
    // [burst bytes, expected start frame index among 40 MP3 frames]
    [417 * 3, 37],
    [417 * 3 + 200, 37],
    [417 * 3 - 1, 38],
    [10_000_000, 0],
  ])('mp3, burst %i bytes → frame %i', (burst, frameIdx) => {
    const { framer, ring } = feed('mp3', Buffer.concat(frames), [1000]);
    expect(framer.burstStart(ring, burst)).toBe(offsetsOf(frames)[frameIdx]);
  });

  it('never starts before the bytes the ring still holds', () => {
    const { framer, ring } = feed('mp3', Buffer.concat(frames), [1000], 5000);
    const start = framer.burstStart(ring, 1_000_000)!;
    expect(start).toBeGreaterThanOrEqual(ring.start);
    expect(offsetsOf(frames)).toContain(start);
  });

  it('relays a stream of unknown type from any byte', () => {
    const { framer, ring } = feed(undefined, Buffer.alloc(5000, 7), [1000]);
    expect(framer.burstStart(ring, 1200)).toBe(3800);
    expect(framer.headers).toBeUndefined();
  });
});

describe('StreamFramer with Ogg: burst from an audio page, headers replayed', () => {
  const { headers, pages: audio } = oggChain(20);
  const audioOffsets = offsetsOf(audio, headers[0]!.length + headers[1]!.length);

  it.each([[[1]], [[33, 4000]], [[65_536]]])('chunks %j', (sizes) => {
    const { framer, ring } = feed('opus', Buffer.concat([...headers, ...audio]), sizes);
    expect(framer.headers).toEqual(Buffer.concat(headers));
    const start = framer.burstStart(ring, 1000)!;
    expect(audioOffsets).toContain(start);
    expect(start).toBeGreaterThanOrEqual(ring.end - 1000);
    expect(framer.burstStart(ring, 1 << 20)).toBe(audioOffsets[0]);
  });

  it('a new chain (encoder restart): old pages stop qualifying', () => {
    const chain2 = [
      oggPage({ bos: true, granule: 0n, body: 19, seed: 99 }),
      oggPage({ granule: 0n, body: 50, seed: 98 }),
    ];
    const more = oggPage({ granule: 960n, body: 100, seed: 97 });
    const all = Buffer.concat([...headers, ...audio, ...chain2, more]);
    const { framer, ring } = feed('opus', all, [512]);
    expect(framer.headers).toEqual(Buffer.concat(chain2));
    expect(framer.burstStart(ring, 1 << 20)).toBe(all.length - more.length);
    const { framer: mid, ring: midRing } = feed(
      'opus',
      all.subarray(0, all.length - more.length),
      [512],
    );
    expect(mid.burstStart(midRing, 1 << 20)).toBeUndefined();
  });
});
