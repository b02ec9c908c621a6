import { StreamSync, type CodecFormat } from '@grimnir/codec';
import type { ByteRing } from './byte-ring.js';

/**
 * Knows where a late listener may start among the bytes the ring still holds: the join points
 * the codec's StreamSync finds (frame starts for MP3/ADTS, audio pages for Ogg), and for Ogg the
 * current chain's header pages, replayed before any audio page (ENGINE-NOTES trap 8). A stream
 * of unknown Content-Type (no format) is relayed unaligned: any byte is a start.
 */
export class StreamFramer {
  private readonly sync: StreamSync | undefined;
  private starts: number[] = [];
  private startsHead = 0;

  constructor(readonly format: CodecFormat | undefined) {
    this.sync = format && new StreamSync(format);
  }

  /** Ogg: header pages of the current chain (undefined until its first audio page). */
  get headers(): Buffer | undefined {
    return this.sync?.headers;
  }

  /** Call after appending `chunk` to `ring`. */
  push(chunk: Buffer, ring: ByteRing): void {
    const sync = this.sync;
    if (sync === undefined) return;
    sync.push(chunk);
    if (sync.restarted) {
      // A new chain (encoder restart): pages of the old one no longer match the headers.
      this.starts = [];
      this.startsHead = 0;
    }
    for (let k = 0; k < sync.count; k++) this.starts.push(sync.point(k));
    while (this.startsHead < this.starts.length && this.starts[this.startsHead]! < ring.start)
      this.startsHead += 1;
    if (this.startsHead > 1024) {
      this.starts = this.starts.slice(this.startsHead);
      this.startsHead = 0;
    }
  }

  /** First boundary at or after `ring.end - burstBytes` (undefined: none held yet). */
  burstStart(ring: ByteRing, burstBytes: number): number | undefined {
    const from = Math.max(ring.start, ring.end - burstBytes);
    if (this.sync === undefined) return from;
    for (let k = this.startsHead; k < this.starts.length; k++) {
      const s = this.starts[k]!;
      if (s >= from) return s < ring.end ? s : undefined;
    }
    return undefined;
  }
}
