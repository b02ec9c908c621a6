import { newFrameHeader, type CodecFormat, type FrameHeader } from './format.js';

/**
 * Called for each frame (or Ogg page) start: its absolute offset, its header (reused: copy what
 * you keep), and where its first bytes lie (`buf[at]`, which may be a join of held-back bytes
 * and the new chunk; the frame may run past `buf`'s end).
 */
type FrameVisitor = (
  offset: number,
  header: Readonly<FrameHeader>,
  buf: Buffer,
  at: number,
) => void;

const EMPTY = Buffer.alloc(0);

/**
 * Walks a byte stream that arrives in arbitrary chunks and reports where each frame (or Ogg
 * page) starts. Once synchronised it jumps frame to frame by the length in each header, so
 * compressed payload that happens to contain a sync pattern is never mistaken for a header;
 * when a header is invalid it rescans byte by byte and accepts a candidate only once the header
 * after it has arrived and is valid too.
 *
 * Hot path (every listener mount and engine output): starts are handed to a visitor and headers
 * are read into two reused objects, so a synchronised stream allocates nothing per frame; only a
 * header cut by a chunk boundary is copied (a few bytes, at most once per chunk).
 */
export class FrameScanner {
  private pending: Buffer = EMPTY;
  private pendingOffset = 0;
  private skip = 0;
  private synced = false;
  private pos = 0;
  private readonly header = newFrameHeader();
  private readonly peek = newFrameHeader();

  constructor(readonly format: CodecFormat) {}

  /** Absolute offset one past the last byte pushed. */
  get position(): number {
    return this.pos;
  }

  push(chunk: Buffer, visit: FrameVisitor): void {
    let data = chunk;
    let base = this.pos;
    this.pos += chunk.length;
    if (this.skip >= data.length) {
      this.skip -= data.length;
      return;
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
    const i = this.walk(data, base, visit);
    if (i < data.length) {
      this.pending = Buffer.from(data.subarray(i));
      this.pendingOffset = base + i;
    }
  }

  /** Visits the starts in `data`; returns the index of the first byte left unexamined. */
  private walk(data: Buffer, base: number, visit: FrameVisitor): number {
    const read = this.format.read;
    const h = this.header;
    let i = 0;
    while (i < data.length) {
      const r = read(data, i, h);
      if (r === 'need_more') return i;
      if (r === 'ok' && !this.synced) {
        // Unsynchronised: believe a header only when the one after it is valid too.
        const next = read(data, i + h.length, this.peek);
        if (next === 'need_more') return i;
        if (next === 'invalid') {
          i += 1;
          continue;
        }
      }
      if (r === 'invalid') {
        this.synced = false;
        i += 1;
        continue;
      }
      this.synced = true;
      visit(base + i, h, data, i);
      if (i + h.length > data.length) {
        this.skip = i + h.length - data.length;
        return data.length;
      }
      i += h.length;
    }
    return i;
  }
}
