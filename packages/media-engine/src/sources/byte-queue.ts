import { sharedSlabPool, type SlabPool } from './slab-pool.js';
import { noteDropped } from './young-gc.js';

// FIFO of pipe bytes. Pipe reads are not frame- or even float-aligned (trap 3), so readers
// copy exact byte counts out of it into their own aligned buffers. Pushed chunks are copied
// into pooled slabs (slab-pool.ts) and not kept; a slab goes back to the pool once read.
export class ByteQueue {
  private slabs: Buffer[] = [];
  // Read offset in slabs[0]; write offset in the last slab.
  private head = 0;
  private tail = 0;
  private size = 0;

  constructor(
    private readonly pool: SlabPool = sharedSlabPool,
    // Told how many bytes of pushed chunks were copied and let go (young-gc.ts).
    private readonly dropped: (bytes: number) => void = noteDropped,
  ) {}

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      let last = this.slabs[this.slabs.length - 1];
      if (last === undefined || this.tail === last.length) {
        last = this.pool.take();
        this.slabs.push(last);
        this.tail = 0;
      }
      const n = chunk.copy(
        last,
        this.tail,
        from,
        Math.min(chunk.length, from + last.length - this.tail),
      );
      this.tail += n;
      from += n;
    }
    this.size += chunk.length;
    this.dropped(chunk.length);
  }

  // Copies up to `length` bytes into target at offset; returns the bytes copied.
  readInto(target: Buffer, offset: number, length: number): number {
    return this.consume(length, target, offset);
  }

  // Drops up to `length` bytes; returns how many were dropped.
  skip(length: number): number {
    return this.consume(length, undefined, 0);
  }

  private consume(length: number, target: Buffer | undefined, offset: number): number {
    let done = 0;
    while (done < length && this.size > 0) {
      const slab = this.slabs[0] as Buffer;
      const end = this.slabs.length === 1 ? this.tail : slab.length;
      const take = Math.min(length - done, end - this.head);
      if (target) slab.copy(target, offset + done, this.head, this.head + take);
      done += take;
      this.head += take;
      this.size -= take;
      if (this.head === end) this.releaseHead();
    }
    return done;
  }

  private releaseHead(): void {
    this.pool.give(this.slabs.shift() as Buffer);
    this.head = 0;
    if (this.slabs.length === 0) this.tail = 0;
  }

  // Empties the queue and gives its slabs back; for a source that is done.
  clear(): void {
    for (const s of this.slabs) this.pool.give(s);
    this.slabs = [];
    this.head = 0;
    this.tail = 0;
    this.size = 0;
  }
}
