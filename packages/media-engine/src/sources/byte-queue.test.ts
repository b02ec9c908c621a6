import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('assembles exact counts across unaligned chunks', () => {
    const q = new ByteQueue();
    q.push(Buffer.from([1, 2, 3]));
    q.push(Buffer.from([4, 5]));
    q.push(Buffer.from([6, 7, 8, 9]));
    const out = Buffer.alloc(4);
    expect(q.readInto(out, 0, 4)).toBe(4);
    expect([...out]).toEqual([1, 2, 3, 4]);
    expect(q.length).toBe(5);
    expect(q.skip(2)).toBe(2);
    expect(q.readInto(out, 0, 4)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([7, 8, 9]);
    expect(q.length).toBe(0);
  });

  it('reads less when short and ignores empty chunks', () => {
    const q = new ByteQueue();
    q.push(Buffer.alloc(0));
    q.push(Buffer.from([1]));
    const out = Buffer.alloc(3);
    expect(q.readInto(out, 1, 2)).toBe(1);
    expect(out[1]).toBe(1);
    q.push(Buffer.from([2]));
    q.clear();
    expect(q.length).toBe(0);
  });
});
