import { describe, expect, it } from 'vitest';
import { icyInterleave, icyMetadataBlock, initialIcyState, type IcyMeta } from './icy.js';

const meta = (title: string, version: number): IcyMeta => ({
  version,
  block: icyMetadataBlock(title),
});
const bytes = (n: number, from = 0) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (from + i) % 200));
/** Renders parts as a compact string: audio byte counts and M<n> for metadata blocks of n*16. */
const shape = (parts: Buffer[], metaLens: Set<number>) =>
  parts.map((p) =>
    metaLens.has(p.length) && p[0]! * 16 + 1 === p.length ? `M${p[0]}` : `${p.length}`,
  );

describe('icyMetadataBlock', () => {
  it.each([
    ['', "StreamTitle='';", 1],
    ['A - B', "StreamTitle='A - B';", 2],
    ['Ünïcode – Tïtle', "StreamTitle='Ünïcode – Tïtle';", 3],
    ['line\r\nbreak', "StreamTitle='linebreak';", 2],
  ])('%j → %j in %i×16 bytes', (title, text, n) => {
    const b = icyMetadataBlock(title);
    expect(b[0]).toBe(n);
    expect(b.length).toBe(1 + n * 16);
    expect(b.subarray(1).toString('utf8').replace(/\0+$/, '')).toBe(text);
  });
  it('truncates a huge title to 255×16 bytes without splitting a character', () => {
    const b = icyMetadataBlock('é'.repeat(5000));
    expect(b[0]).toBe(255);
    const text = b.subarray(1).toString('utf8').replace(/\0+$/, '');
    expect(text.endsWith("é';")).toBe(true);
    expect(text).not.toContain('\ufffd');
  });
});

describe('icyInterleave', () => {
  const M = meta('Song', 1);
  const lens = new Set([M.block.length, 1]);
  it.each([
    // [chunk sizes, metaint, expected part shapes per chunk]
    [[10], 16, [['10']]],
    [[16], 16, [['16', 'M2']]],
    [[17], 16, [['16', 'M2', '1']]],
    [[10, 6], 16, [['10'], ['6', 'M2']]],
    [[10, 10], 16, [['10'], ['6', 'M2', '4']]],
    [[40], 16, [['16', 'M2', '16', 'M0', '8']]],
    [
      [32, 32],
      16,
      [
        ['16', 'M2', '16', 'M0'],
        ['16', 'M0', '16', 'M0'],
      ],
    ],
    [[5, 5, 5, 5], 8, [['5'], ['3', 'M2', '2'], ['5'], ['1', 'M0', '4']]],
  ])('chunks %j with metaint %i', (sizes, metaint, expected) => {
    let state = initialIcyState(metaint);
    const got: string[][] = [];
    let audio = Buffer.alloc(0);
    let from = 0;
    for (const n of sizes) {
      const chunk = bytes(n, from);
      from += n;
      audio = Buffer.concat([audio, chunk]);
      const out = icyInterleave(chunk, state, metaint, M);
      state = out.state;
      got.push(shape(out.parts, lens));
    }
    // A single 0 byte is an "unchanged" block; shape() prints it as M0.
    expect(got).toEqual(expected);
  });

  it('puts a block after exactly every metaint audio bytes, whatever the chunking', () => {
    const metaint = 100;
    let state = initialIcyState(metaint);
    const wire: Buffer[] = [];
    let v = 1;
    for (let k = 0; k < 200; k++) {
      const m = meta(`title ${v}`, v);
      if (k % 37 === 0) v += 1;
      const out = icyInterleave(bytes(1 + ((k * 7) % 63), k), state, metaint, m);
      state = out.state;
      wire.push(...out.parts);
    }
    const all = Buffer.concat(wire);
    let pos = 0;
    let blocks = 0;
    while (pos + metaint < all.length) {
      pos += metaint;
      const n = all[pos]!;
      if (n > 0) expect(all.subarray(pos + 1, pos + 14).toString()).toBe("StreamTitle='");
      pos += 1 + n * 16;
      blocks += 1;
    }
    expect(blocks).toBeGreaterThan(30);
  });

  it('sends a changed title once, then zero-length blocks', () => {
    let state = initialIcyState(4);
    const out1 = icyInterleave(bytes(12), state, 4, meta('A', 1));
    state = out1.state;
    expect(out1.parts.filter((p) => p.length !== 4).map((p) => p[0])).toEqual([1, 0, 0]); // "StreamTitle='A';" is 16 bytes
    const out2 = icyInterleave(bytes(4), state, 4, meta('B', 2));
    expect(out2.parts[1]!.subarray(1).toString().replace(/\0+$/, '')).toBe("StreamTitle='B';");
  });
});
