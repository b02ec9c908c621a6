// Fixed-size blocks that byte queues copy pipe chunks into and hand back once read. Decoder
// chunks otherwise sat seconds in the read-ahead, were promoted to V8's old generation and kept
// their memory (ArrayBuffers outside the heap) until the next full GC: up to ~10 MB of dead PCM
// at one station (issue 17). Copied, a chunk dies at the next scavenge; the slabs are reused.
const SLAB_BYTES = 64 * 1024;

export class SlabPool {
  private readonly free: Buffer[] = [];

  // `maxFree`: slabs kept for reuse beyond that are left to the GC (a burst of closed decks).
  constructor(
    readonly slabBytes = SLAB_BYTES,
    private readonly maxFree = 32,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.slabBytes);
  }

  give(slab: Buffer): void {
    if (this.free.length < this.maxFree) this.free.push(slab);
  }

  get freeCount(): number {
    return this.free.length;
  }
}

// One per process: every station's decoders draw from it.
export const sharedSlabPool = new SlabPool();
