import type { ByteRing } from './byte-ring.js';
import { headerReader, type Framing } from './frame-headers.js';
import { FrameScanner } from './frame-scanner.js';

/**
 * Knows where a late listener may start: offsets of frame (MP3/ADTS) or audio-page (Ogg)
 * boundaries among the bytes the ring still holds, and for Ogg the header pages of the current
 * chain, which a decoder needs before any audio page (ENGINE-NOTES trap 8).
 */
export class StreamFramer {
  private readonly scanner: FrameScanner | undefined;
  private starts: number[] = [];
  private startsHead = 0;
  private chainStart = 0;
  private inHeaders = false;
  /** Ogg: header pages of the current chain (undefined until the first audio page). */
  headers: Buffer | undefined;

  constructor(readonly framing: Framing) {
    const read = headerReader(framing);
    this.scanner = read && new FrameScanner(read);
  }

  /** Call after appending `chunk` to `ring`; returns the start offsets found inside it. */
  push(chunk: Buffer, ring: ByteRing): number[] {
    if (this.scanner === undefined) return [ring.end - chunk.length];
    const found: number[] = [];
    for (const s of this.scanner.push(chunk)) {
      if (this.framing === 'ogg' && !this.acceptOggPage(s.offset, s.header, ring)) continue;
      found.push(s.offset);
      this.starts.push(s.offset);
    }
    while (this.startsHead < this.starts.length && this.starts[this.startsHead]! < ring.start)
      this.startsHead += 1;
    if (this.startsHead > 1024) {
      this.starts = this.starts.slice(this.startsHead);
      this.startsHead = 0;
    }
    return found;
  }

  private acceptOggPage(
    offset: number,
    h: { bos?: boolean; headerPage?: boolean },
    ring: ByteRing,
  ): boolean {
    if (h.bos === true && !this.inHeaders) {
      // A new chain (encoder restart): pages of the old one no longer match the headers.
      this.chainStart = offset;
      this.inHeaders = true;
      this.headers = undefined;
      this.starts = [];
      this.startsHead = 0;
      return false;
    }
    if (this.inHeaders) {
      if (h.headerPage === true || h.bos === true) return false;
      this.headers = ring.slice(this.chainStart, offset);
      this.inHeaders = false;
    }
    return this.headers !== undefined;
  }

  /** First boundary at or after `ring.end - burstBytes` (undefined: none held yet). */
  burstStart(ring: ByteRing, burstBytes: number): number | undefined {
    const from = Math.max(ring.start, ring.end - burstBytes);
    if (this.scanner === undefined) return from;
    for (let k = this.startsHead; k < this.starts.length; k++) {
      const s = this.starts[k]!;
      if (s >= from) return s < ring.end ? s : undefined;
    }
    return undefined;
  }
}
