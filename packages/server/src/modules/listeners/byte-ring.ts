/**
 * The most recent bytes of a stream, addressed by absolute offset, kept as the chunks that were
 * published (no copying on the hot path). Trims whole chunks from the front once it holds more
 * than `capacity` bytes, so memory per mount is bounded whatever the publisher does.
 */
export class ByteRing {
  private chunks: Buffer[] = [];
  private head = 0;
  /** Absolute offset of the first byte still held. */
  start = 0;
  /** Absolute offset one past the last byte published. */
  end = 0;

  constructor(readonly capacity: number) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.end += chunk.length;
    while (this.end - this.start - this.chunks[this.head]!.length >= this.capacity) {
      this.start += this.chunks[this.head]!.length;
      this.head += 1;
    }
    // Compact the array occasionally instead of shifting on every trim.
    if (this.head > 64) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Copy of bytes [from, to) clamped to what is held. */
  slice(from: number, to: number = this.end): Buffer {
    const lo = Math.max(from, this.start);
    const hi = Math.min(to, this.end);
    if (hi <= lo) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    let pos = this.start;
    for (let k = this.head; k < this.chunks.length && pos < hi; k++) {
      const c = this.chunks[k]!;
      const cEnd = pos + c.length;
      if (cEnd > lo) parts.push(c.subarray(Math.max(0, lo - pos), Math.min(c.length, hi - pos)));
      pos = cEnd;
    }
    return Buffer.concat(parts, hi - lo);
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.start = this.end;
  }
}
