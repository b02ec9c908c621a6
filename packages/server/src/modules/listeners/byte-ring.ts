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

  /**
   * Bytes [from, end) as views of the held chunks, not a copy: every listener's connect burst
   * then shares the published buffers (Icecast keeps one queue and a position per client too),
   * where a copied burst per join left 48 KB per listener queued in Node (issue 17).
   */
  views(from: number): Buffer[] {
    const lo = Math.max(from, this.start);
    const parts: Buffer[] = [];
    let pos = this.start;
    for (let k = this.head; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      const cEnd = pos + c.length;
      if (cEnd > lo) parts.push(lo > pos ? c.subarray(lo - pos) : c);
      pos = cEnd;
    }
    return parts;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.start = this.end;
  }
}
