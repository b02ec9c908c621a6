import { adtsFrame, chunked, mp3Frame, oggChain, oggPage, offsetsOf } from '@grimnir/codec/testing';
import type { AudioFormat } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { Fanout, type Sink } from './fanout.js';

class Collect implements Sink {
  parts: Buffer[] = [];
  closed = false;
  write(chunk: Buffer): void {
    this.parts.push(Buffer.from(chunk));
  }
  close(): void {
    this.closed = true;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const mp3s = Array.from({ length: 30 }, (_, i) => mp3Frame(i, i % 2 === 1));
const aacs = Array.from({ length: 30 }, (_, i) => adtsFrame(i, 250 + i));
const { headers, pages } = oggChain(30);

describe('Fanout: a late sink starts on a decodable boundary', () => {
  it.each<[AudioFormat, Buffer[], Buffer[]]>([
    ['MP3', [], mp3s],
    ['AAC', [], aacs],
    ['OPUS', headers, pages],
    ['VORBIS', headers, pages],
  ])('%s', (format, head, frames) => {
    const stream = Buffer.concat([...head, ...frames]);
    const fanout = new Fanout(format);
    const early = new Collect();
    fanout.add(early);
    const late = new Collect();
    const starts = offsetsOf(frames, Buffer.concat(head).length);
    let pos = 0;
    for (const chunk of chunked(stream, [700])) {
      if (pos >= 3000 && fanout.size === 1) fanout.add(late);
      fanout.queue(chunk);
      fanout.flush();
      pos += chunk.length;
    }
    expect(early.bytes).toEqual(stream);
    // The first boundary after the join, or the next one when its header was cut by the end of
    // the chunk (a boundary is known only once its header has arrived).
    const after = starts.filter((s) => s >= 3500).slice(0, 2);
    const from = stream.length - (late.bytes.length - Buffer.concat(head).length);
    expect(after).toContain(from);
    expect(late.bytes).toEqual(Buffer.concat([...head, stream.subarray(from)]));
    expect(fanout.bytes).toBe(stream.length);
  });

  it('after an encoder restart, a new Ogg chain is replayed to later joiners', () => {
    const fanout = new Fanout('OPUS');
    const old = new Collect();
    fanout.add(old);
    fanout.push(Buffer.concat([...headers, ...pages.slice(0, 5)]));
    fanout.reset();
    const chain2 = [
      oggPage({ bos: true, granule: 0n, body: 19, seed: 77 }),
      oggPage({ granule: 0n, body: 90, seed: 78 }),
    ];
    const second = Buffer.concat([...chain2, ...pages.slice(0, 3)]);
    fanout.push(second);
    const late = new Collect();
    fanout.add(late);
    const next = Buffer.concat(pages.slice(3, 4));
    fanout.push(next);
    expect(old.bytes).toEqual(Buffer.concat([...headers, ...pages.slice(0, 5), second, next]));
    expect(late.bytes).toEqual(Buffer.concat([...chain2, next]));
  });

  it('holds a sink until a boundary arrives and closes every sink at the end', () => {
    const fanout = new Fanout('MP3');
    const stream = Buffer.concat(mp3s);
    const at = offsetsOf(mp3s);
    fanout.push(stream.subarray(0, at[3]! + 100));
    const sink = new Collect();
    fanout.add(sink);
    fanout.push(stream.subarray(at[3]! + 100, at[3]! + 300)); // inside frame 3: no boundary
    expect(sink.bytes.length).toBe(0);
    fanout.push(stream.subarray(at[3]! + 300));
    expect(sink.bytes).toEqual(stream.subarray(at[4]));
    fanout.closeAll();
    expect(sink.closed).toBe(true);
    expect(fanout.size).toBe(0);
  });

  it('a sink added before the first byte gets the whole stream', () => {
    const fanout = new Fanout('OPUS');
    const sink = new Collect();
    fanout.add(sink);
    const stream = Buffer.concat([...headers, ...pages]);
    for (const chunk of chunked(stream, [29])) fanout.push(chunk);
    expect(sink.bytes).toEqual(stream);
  });
});

describe('Fanout: delivery', () => {
  it('queues encoder output until the tick, or sends it at once during a switch', () => {
    const fanout = new Fanout('MP3');
    const sink = new Collect();
    fanout.add(sink);
    fanout.queue(mp3s[0]!);
    fanout.queue(mp3s[1]!);
    expect(sink.parts).toHaveLength(0);
    fanout.flush();
    expect(sink.parts).toHaveLength(1);
    fanout.immediate = true;
    fanout.queue(mp3s[2]!);
    expect(sink.bytes).toEqual(Buffer.concat(mp3s.slice(0, 3)));
    fanout.immediate = false;
    fanout.queue(mp3s[3]!);
    expect(sink.parts).toHaveLength(2);
  });
});
