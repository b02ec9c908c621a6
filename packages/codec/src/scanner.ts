import type { FrameHeader, HeaderResult } from './frame-headers.js';

export interface FrameStart {
  /** Absolute stream offset (bytes since the first publish). */
  offset: number;
  header: FrameHeader;
}

const EMPTY = Buffer.alloc(0);

/**
 * Walks a byte stream that arrives in arbitrary chunks and reports where each frame (or Ogg
 * page) starts. Once synchronised it jumps frame to frame by the length in each header, so
 * compressed payload that happens to contain a sync pattern is never mistaken for a header;
 * when a header is invalid it rescans byte by byte and accepts a candidate only once the header
 * after it has arrived and is valid too.
 */
export class FrameScanner {
  private pending: Buffer = EMPTY;
  private pendingOffset = 0;
  private skip = 0;
  private synced = false;
  private position = 0;

  constructor(private readonly read: (buf: Uint8Array, i: number) => HeaderResult) {}

  push(chunk: Buffer): FrameStart[] {
    const starts: FrameStart[] = [];
    let data = chunk;
    let base = this.position;
    this.position += chunk.length;
    if (this.skip >= data.length) {
      this.skip -= data.length;
      return starts;
    }
    if (this.skip > 0) {
      data = data.subarray(this.skip);
      base += this.skip;
      this.skip = 0;
    }
    if (this.pending.length > 0) {
      data = Buffer.concat([this.pending, data]);
      base = this.pendingOffset;
      this.pending = EMPTY;
    }
    let i = 0;
    while (i < data.length) {
      const h = this.read(data, i);
      if (h === 'need_more') break;
      if (h !== 'invalid' && !this.synced) {
        // Unsynchronised: believe a header only when the one after it is valid too.
        const next = this.read(data, i + h.length);
        if (next === 'need_more') break;
        if (next === 'invalid') {
          i += 1;
          continue;
        }
      }
      if (h === 'invalid') {
        this.synced = false;
        i += 1;
        continue;
      }
      this.synced = true;
      starts.push({ offset: base + i, header: h });
      if (i + h.length > data.length) {
        this.skip = i + h.length - data.length;
        i = data.length;
        break;
      }
      i += h.length;
    }
    if (i < data.length) {
      this.pending = Buffer.from(data.subarray(i));
      this.pendingOffset = base + i;
    }
    return starts;
  }
}
