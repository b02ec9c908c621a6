import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IcyStrip, metaintOf } from './relay-icy.js';

async function strip(metaint: number, body: Buffer, chunk: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += chunk) parts.push(body.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const b of Readable.from(parts).pipe(new IcyStrip(metaint))) out.push(b as Buffer);
  return Buffer.concat(out);
}

describe('ICY metadata stripping', () => {
  // 3 blocks of 8 audio bytes, each followed by metadata: one title, one empty, one title.
  const title = Buffer.alloc(32, 0);
  title.write("StreamTitle='A';");
  const audio = [Buffer.alloc(8, 1), Buffer.alloc(8, 2), Buffer.alloc(8, 3)];
  const body = Buffer.concat([
    audio[0] as Buffer,
    Buffer.from([2]),
    title,
    audio[1] as Buffer,
    Buffer.from([0]),
    audio[2] as Buffer,
    Buffer.from([2]),
    title,
    Buffer.alloc(5, 4),
  ]);

  it.each([1, 3, 7, 8, 9, 64])('keeps only the audio, whatever the chunking (%i)', async (n) => {
    expect(await strip(8, body, n)).toEqual(Buffer.concat([...audio, Buffer.alloc(5, 4)]));
  });

  it('reads icy-metaint', () => {
    expect(metaintOf('16000')).toBe(16000);
    expect(metaintOf(undefined)).toBeUndefined();
    expect(metaintOf('0')).toBeUndefined();
    expect(metaintOf('x')).toBeUndefined();
  });
});
