import { AUDIO_FORMATS, MOUNT_FORMATS } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { adts } from './adts.js';
import type { CodecFormat } from './format.js';
import { formatFor, formatOfContentType } from './index.js';
import { mp3 } from './mp3.js';
import { ogg } from './ogg.js';
import { StreamSync } from './stream-sync.js';
import { chunked, mp3Frame, oggChain, oggPage, offsetsOf } from './testing/synthetic-frames.js';

/** Pushes `stream` in chunks of `sizes`; all join points found, and the sync. */
function feed(format: CodecFormat, stream: Buffer, sizes: readonly number[]) {
  const sync = new StreamSync(format);
  let found: number[] = [];
  for (const chunk of chunked(stream, sizes)) {
    sync.push(chunk);
    if (sync.restarted) found = [];
    for (let k = 0; k < sync.count; k++) found.push(sync.point(k));
  }
  return { sync, found };
}

describe('StreamSync with MP3: every frame is a join point, nothing to replay', () => {
  const frames = Array.from({ length: 30 }, (_, i) => mp3Frame(i, i % 2 === 0));
  it.each([[[1]], [[500, 3]], [[100_000]]])('chunks %j', (sizes) => {
    const { sync, found } = feed(mp3, Buffer.concat(frames), sizes);
    expect(found).toEqual(offsetsOf(frames));
    expect(sync.headers).toBeUndefined();
  });

  it('firstPointFrom skips a frame whose header straddled the chunk boundary', () => {
    const sync = new StreamSync(mp3);
    const stream = Buffer.concat(frames);
    const cut = offsetsOf(frames)[3]! + 2;
    sync.push(stream.subarray(0, cut));
    sync.push(stream.subarray(cut, offsetsOf(frames)[6]));
    expect(sync.point(0)).toBe(offsetsOf(frames)[3]);
    expect(sync.firstPointFrom(cut)).toBe(offsetsOf(frames)[4]);
    expect(sync.firstPointFrom(sync.position)).toBe(-1);
  });
});

describe('StreamSync with Ogg: header pages replayed, audio starts on a page', () => {
  const { headers, pages: audio } = oggChain(20);
  const stream = Buffer.concat([...headers, ...audio]);
  const audioOffsets = offsetsOf(audio, headers[0]!.length + headers[1]!.length);

  it.each([[[1]], [[33, 4000]], [[27, 28, 29]], [[65_536]]])('chunks %j', (sizes) => {
    const { sync, found } = feed(ogg, stream, sizes);
    expect(found).toEqual(audioOffsets);
    expect(sync.headers).toEqual(Buffer.concat(headers));
  });

  it('a new chain (encoder restart) replaces the headers and voids earlier join points', () => {
    const chain2 = [
      oggPage({ bos: true, granule: 0n, body: 19, seed: 99 }),
      oggPage({ granule: 0n, body: 50, seed: 98 }),
    ];
    const more = oggPage({ granule: 960n, body: 100, seed: 97 });
    const all = Buffer.concat([stream, ...chain2, more]);
    const { sync, found } = feed(ogg, all, [512]);
    expect(sync.headers).toEqual(Buffer.concat(chain2));
    expect(found).toEqual([all.length - more.length]);
    const { sync: mid, found: none } = feed(ogg, Buffer.concat([stream, ...chain2]), [512]);
    expect(mid.headers).toBeUndefined();
    expect(none).toEqual([]);
  });

  it('a stream joined without its header pages offers no join point', () => {
    const { sync, found } = feed(ogg, Buffer.concat(audio), [700]);
    expect(found).toEqual([]);
    expect(sync.headers).toBeUndefined();
  });
});

describe('the format table', () => {
  it.each([...MOUNT_FORMATS, ...AUDIO_FORMATS])('%s has a framing', (f) => {
    expect(formatFor(f).name).toBe(
      { mp3: 'mp3', aac: 'adts', opus: 'ogg', vorbis: 'ogg' }[f.toLowerCase()],
    );
  });

  it.each<[string, CodecFormat | undefined]>([
    ['audio/mpeg', mp3],
    ['audio/mp3', mp3],
    ['audio/aac', adts],
    ['audio/aacp', adts],
    ['audio/ogg; codecs=opus', ogg],
    ['Application/Ogg', ogg],
    ['application/octet-stream', undefined],
  ])('Content-Type %s', (ct, want) => expect(formatOfContentType(ct)).toBe(want));
});
