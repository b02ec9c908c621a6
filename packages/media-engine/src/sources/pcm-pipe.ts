import type { ChildProc } from '../gstreamer/process.js';
import { ByteQueue } from './byte-queue.js';

// Reads raw PCM from one decoder child with bounded read-ahead: stdout is paused above
// `bufferBytes` and resumed under half of it, so a decoder never races through a whole file
// into memory (trap 4).
export class PcmPipe {
  readonly queue = new ByteQueue();
  private paused = false;
  private ended = false;
  private exitInfo: { ok: boolean } | undefined;
  private lastDataAt: number;
  private discard: number;
  receivedBytes = 0;

  constructor(
    readonly proc: ChildProc,
    private readonly bufferBytes: number,
    private readonly now: () => number,
    discardBytes = 0,
    private readonly onExit: (pipe: PcmPipe, ok: boolean) => void = () => undefined,
  ) {
    this.lastDataAt = now();
    this.discard = discardBytes;
    proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    proc.stdout.once('end', () => {
      this.ended = true;
      this.settle();
    });
    void proc.exited.then((info) => {
      this.exitInfo = { ok: info.code === 0 };
      this.settle();
    });
  }

  private frozen = false;

  // Stops accepting bytes: a replaced decoder may still flush its pipe after we took its count.
  freeze(): void {
    this.frozen = true;
  }

  private onData(chunk: Buffer): void {
    if (this.frozen) return;
    this.lastDataAt = this.now();
    let data = chunk;
    if (this.discard > 0) {
      const drop = Math.min(this.discard, data.length);
      this.discard -= drop;
      data = data.subarray(drop);
    }
    this.receivedBytes += data.length;
    this.queue.push(data);
    if (!this.paused && this.queue.length > this.bufferBytes) {
      this.paused = true;
      this.proc.stdout.pause();
    }
  }

  // Exit and end of stdout arrive in either order; report once both are known.
  private settled = false;
  private settle(): void {
    if (this.settled || this.exitInfo === undefined) return;
    if (!this.ended && this.exitInfo.ok) return;
    this.settled = true;
    this.onExit(this, this.exitInfo.ok && this.ended);
  }

  read(target: Buffer, offset: number, length: number): number {
    const n = this.queue.readInto(target, offset, length);
    if (this.paused && this.queue.length < this.bufferBytes / 2) {
      this.paused = false;
      this.lastDataAt = this.now();
      this.proc.stdout.resume();
    }
    return n;
  }

  // Finished cleanly: the decoder exited 0 after writing everything.
  get complete(): boolean {
    return this.settled && this.exitInfo?.ok === true && this.ended;
  }

  get failed(): boolean {
    return this.settled && !this.complete;
  }

  // No bytes for `stallMs` while we were asking for more: the decoder is wedged.
  stalled(stallMs: number): boolean {
    return !this.paused && !this.settled && this.now() - this.lastDataAt > stallMs;
  }

  close(): void {
    this.proc.kill();
  }
}
