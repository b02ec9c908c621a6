import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';
import { SlabPool } from './slab-pool.js';

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

  it('copies chunks across slabs and keeps no reference to them', () => {
    const q = new ByteQueue(new SlabPool(4));
    const chunk = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    q.push(chunk);
    chunk.fill(0);
    q.push(Buffer.from([11]));
    const out = Buffer.alloc(11);
    expect(q.readInto(out, 0, 3)).toBe(3);
    expect(q.skip(2)).toBe(2);
    expect(q.readInto(out, 3, 11)).toBe(6);
    expect([...out.subarray(0, 9)]).toEqual([1, 2, 3, 6, 7, 8, 9, 10, 11]);
    expect(q.length).toBe(0);
  });

  it('gives each slab back once read, and all of them when cleared', () => {
    const pool = new SlabPool(4, 8);
    const q = new ByteQueue(pool);
    q.push(Buffer.alloc(10));
    expect(pool.freeCount).toBe(0);
    q.skip(5);
    expect(pool.freeCount).toBe(1);
    // Two bytes fit the last slab; the third takes the freed one.
    q.push(Buffer.alloc(3));
    expect(pool.freeCount).toBe(0);
    q.clear();
    expect(pool.freeCount).toBe(3);
    q.push(Buffer.from([7]));
    expect(pool.freeCount).toBe(2);
    const out = Buffer.alloc(1);
    expect(q.readInto(out, 0, 1)).toBe(1);
    expect(out[0]).toBe(7);
    expect(pool.freeCount).toBe(3);
  });

  it('keeps no more free slabs than its bound', () => {
    const pool = new SlabPool(4, 2);
    const q = new ByteQueue(pool);
    q.push(Buffer.alloc(16));
    q.clear();
    expect(pool.freeCount).toBe(2);
  });
});
