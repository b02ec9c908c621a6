import type { CodecFormat, FrameHeader } from './format.js';
import { FrameScanner } from './scanner.js';

/**
 * Header pages larger than this are not kept: a corrupt stream whose pages all look like header
 * pages must not grow memory without bound. Vorbis comment headers with cover art stay far below.
 */
const MAX_HEADER_BYTES = 4 << 20;

/**
 * Where a listener joining a running stream may start: every frame start for MP3/ADTS; for Ogg
 * every audio page start once the current chain's header pages are known, and those pages, which
 * are replayed to the joiner first (ENGINE-NOTES trap 8). A page opening a new logical stream
 * (an encoder restart) starts a new chain: earlier join points and headers no longer apply.
 *
 * Shared by the control plane's burst index and the engine's output fan-out. After each push the
 * join points found in it are `point(0..count-1)`, kept in a reused array (no allocation per
 * chunk; style traded for speed on the listener hot path).
 */
export class StreamSync {
  private readonly scanner: FrameScanner;
  private readonly points: number[] = [];
  private found = 0;
  private inHeaders = false;
  private chainStart = 0;
  private capture: Buffer[] = [];
  private captured = 0;
  /** Ogg: the current chain's header pages (undefined until its first audio page arrives). */
  headers: Buffer | undefined;
  /** The last push began a new chain: join points from earlier pushes are void. */
  restarted = false;

  constructor(readonly format: CodecFormat) {
    this.scanner = new FrameScanner(format);
  }

  /** Absolute offset one past the last byte pushed. */
  get position(): number {
    return this.scanner.position;
  }

  /** Join points found by the last push. */
  get count(): number {
    return this.found;
  }

  point(k: number): number {
    return this.points[k]!;
  }

  /** The first join point of the last push at or after `offset`, or -1. */
  firstPointFrom(offset: number): number {
    for (let k = 0; k < this.found; k++) if (this.points[k]! >= offset) return this.points[k]!;
    return -1;
  }

  push(chunk: Buffer): void {
    this.found = 0;
    this.restarted = false;
    if (this.inHeaders) this.keep(chunk);
    this.scanner.push(chunk, this.visit);
  }

  // An arrow property, bound once, so pushing does not allocate a closure per chunk.
  private readonly visit = (offset: number, h: Readonly<FrameHeader>, buf: Buffer, at: number) => {
    if (h.bos && !this.inHeaders) {
      this.chainStart = offset;
      this.inHeaders = true;
      this.headers = undefined;
      this.capture = [];
      this.captured = 0;
      this.keep(buf.subarray(at));
      this.found = 0;
      this.restarted = true;
      return;
    }
    if (this.inHeaders) {
      if (h.headerPage || h.bos) return;
      this.inHeaders = false;
      const length = offset - this.chainStart;
      if (this.captured >= length) this.headers = Buffer.concat(this.capture, length);
      this.capture = [];
    }
    if (this.format.replaysHeaders && this.headers === undefined) return;
    this.points[this.found++] = offset;
  };

  private keep(bytes: Buffer): void {
    if (this.captured > MAX_HEADER_BYTES) return;
    this.capture.push(bytes);
    this.captured += bytes.length;
  }
}
