import { performance } from 'node:perf_hooks';
import { FrameScanner, formatFor, frameSeconds } from '@grimnir/codec';

interface PublishTarget {
  publish(chunk: Buffer): void;
}

interface Frame {
  bytes: Buffer;
  seconds: number;
}

/** Splits an encoded MP3/AAC file into frames with their durations. */
function splitFrames(file: Buffer, format: 'mp3' | 'aac'): Frame[] {
  const frames: Frame[] = [];
  new FrameScanner(formatFor(format)).push(file, (offset, h) => {
    if (offset + h.length <= file.length)
      frames.push({ bytes: file.subarray(offset, offset + h.length), seconds: frameSeconds(h) });
  });
  return frames;
}

/**
 * Development/test stand-in for the director: publishes an encoded file into a hub in real time,
 * looping forever, paced from performance.now() (frames due = elapsed audio time, never timer
 * ticks, ENGINE-NOTES trap 5). Not wired in production.
 */
export class FileLoopFeeder {
  private readonly frames: Frame[];
  private timer: NodeJS.Timeout | undefined;
  private t0 = 0;
  private sentSeconds = 0;
  private next = 0;
  /** Bytes published so far. */
  published = 0;

  constructor(
    private readonly target: PublishTarget,
    file: Buffer,
    private readonly opts: {
      framing: 'mp3' | 'aac';
      tickMs?: number;
      /** Audio published at once on start, like an encoder's first output. */
      prerollSeconds?: number;
    },
  ) {
    this.frames = splitFrames(file, opts.framing);
    if (this.frames.length === 0) throw new Error('no frames in the file');
  }

  start(): this {
    this.t0 = performance.now();
    this.tick();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 50);
    return this;
  }

  private tick(): void {
    const due = (performance.now() - this.t0) / 1000 + (this.opts.prerollSeconds ?? 0);
    const out: Buffer[] = [];
    while (this.sentSeconds < due) {
      const f = this.frames[this.next]!;
      out.push(f.bytes);
      this.sentSeconds += f.seconds;
      this.next = (this.next + 1) % this.frames.length;
    }
    if (out.length === 0) return;
    const chunk = Buffer.concat(out);
    this.published += chunk.length;
    this.target.publish(chunk);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
