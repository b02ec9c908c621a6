import type { ChildProc, Spawner } from '../gstreamer/process.js';
import { decodeStreamCommand } from '../gstreamer/pipelines.js';
import { CHANNELS, SAMPLE_RATE } from '../mixer/format.js';
import { PcmPipe } from './pcm-pipe.js';

const BYTES_PER_MS = (SAMPLE_RATE * CHANNELS * 4) / 1000;
// Live audio goes on air once this much is decoded, and never lags by more than MAX_LAG: a
// client that bursts ahead is caught up by dropping the oldest audio.
const PREROLL_BYTES = Math.round((200 * BYTES_PER_MS) / 8) * 8;
const MAX_LAG_BYTES = Math.round((2000 * BYTES_PER_MS) / 8) * 8;

// A live or relay input: bytes of any format pushed by the control plane, decoded to PCM.
export class LiveSource {
  private readonly proc: ChildProc;
  private readonly pipe: PcmPipe;
  private primed = false;
  underruns = 0;

  constructor(contentType: string, spawn: Spawner, bufferBytes: number, now: () => number) {
    const cmd = decodeStreamCommand(contentType);
    this.proc = spawn({ command: cmd.command, args: cmd.args, env: cmd.env, role: 'live-decoder' });
    this.pipe = new PcmPipe(this.proc, Math.max(bufferBytes, MAX_LAG_BYTES * 2), now);
  }

  // Returns false when the decoder's stdin is full; wait for onDrain before feeding more.
  feed(chunk: Uint8Array): boolean {
    if (this.proc.hasExited()) return true;
    return this.proc.stdin.write(chunk);
  }

  onDrain(cb: () => void): void {
    this.proc.stdin.once('drain', cb);
  }

  endInput(): void {
    this.proc.stdin.end();
  }

  get ready(): boolean {
    if (!this.primed && this.pipe.queue.length >= PREROLL_BYTES) this.primed = true;
    return this.primed && !this.ended;
  }

  // The input ended and everything decoded from it has been played.
  get ended(): boolean {
    const stopped = this.pipe.complete || this.pipe.failed || this.proc.hasExited();
    return stopped && this.pipe.queue.length < 8;
  }

  read(target: Buffer, offset: number, length: number): number {
    const q = this.pipe.queue;
    if (q.length > MAX_LAG_BYTES)
      q.skip(q.length - PREROLL_BYTES - ((q.length - PREROLL_BYTES) % 8));
    const avail = q.length - (q.length % 8);
    const n = this.pipe.read(target, offset, Math.min(length, avail));
    if (n < length && this.primed) this.underruns += 1;
    return n;
  }

  get pid(): number {
    return this.proc.pid;
  }

  // Final: what was decoded ahead is dropped and its slabs go back to the pool.
  close(): void {
    this.pipe.close();
    this.pipe.queue.clear();
  }
}
