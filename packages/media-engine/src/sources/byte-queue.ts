// FIFO of pipe chunks. Pipe reads are not frame- or even float-aligned (trap 3), so readers
// copy exact byte counts out of it into their own aligned buffers.
export class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  // Copies up to `length` bytes into target at offset; returns the bytes copied.
  readInto(target: Buffer, offset: number, length: number): number {
    let copied = 0;
    while (copied < length && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const take = Math.min(length - copied, chunk.length - this.head);
      chunk.copy(target, offset + copied, this.head, this.head + take);
      copied += take;
      this.head += take;
      if (this.head >= chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= copied;
    return copied;
  }

  // Drops up to `length` bytes; returns how many were dropped.
  skip(length: number): number {
    let dropped = 0;
    while (dropped < length && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const take = Math.min(length - dropped, chunk.length - this.head);
      dropped += take;
      this.head += take;
      if (this.head >= chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= dropped;
    return dropped;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
  }
}
