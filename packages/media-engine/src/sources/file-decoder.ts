import type { OutboundFence } from '@grimnir/engine-client';
import type { ChildProc, Spawner } from '../gstreamer/process.js';
import { feedFile, type WarmDecoders } from '../gstreamer/warm-decoders.js';
import {
  type Command,
  decodeFileCommand,
  decodeFileFromCommand,
  decodeStdinCommand,
} from '../gstreamer/pipelines.js';
import { CHANNELS, SAMPLE_RATE } from '../mixer/format.js';
import { PcmPipe } from './pcm-pipe.js';
import { feedRelay } from './relay-fetch.js';
import { RelayFailover } from './relay-failover.js';

export interface DecoderDeps {
  spawn: Spawner;
  bufferBytes: number;
  now: () => number;
  // Called each time a dead or wedged decoder is replaced.
  onRestart: (reason: string) => void;
  // Relays open their URLs through it (no internal addresses unless the operator allows them).
  outbound: Pick<OutboundFence, 'open'>;
  // Called once when a file's decoder is given up on (see DecoderFailure in the proto).
  onFailed: (failure: DecoderFailureInfo) => void;
  // Started decoders waiting for a file: items that must start at once take one.
  warm: Pick<WarmDecoders, 'take'>;
}

export interface DecoderFailureInfo {
  itemId: string;
  path: string;
  reason: string;
  detail: string;
  restarts: number;
  positionMs: number;
}

const BYTES_PER_MS = (SAMPLE_RATE * CHANNELS * 4) / 1000;
// Discarding decoded audio up to the cue-in is cheap for short intros; beyond this an input
// seek is faster than decoding and throwing away.
const MAX_DISCARD_MS = 15_000;
const STALL_MS = 1000;
const MAX_RESTARTS = 5;

// Decodes one file from a start position to PCM and keeps doing so when its child dies or
// hangs: the replacement resumes exactly where the received bytes stop, while the read-ahead
// already queued keeps the deck playing.
// A relay (an item with `urls`) decodes remote streams instead: a source that errors, ends or
// stalls is replaced by the next URL; when every URL failed the decoder is exhausted, the deck
// ends and automation moves on (next item or station fallback), so there is no dead air.
export class FileDecoder {
  private pipe: PcmPipe;
  private previous: PcmPipe[] = [];
  private baseBytes = 0;
  private done = false;
  private givenUp = false;
  private readonly relay: RelayFailover | undefined;
  restarts = 0;

  private readonly path: string;

  constructor(
    source: { path: string; urls?: readonly string[] | undefined },
    private readonly startMs: number,
    private readonly deps: DecoderDeps,
    // A file (not a relay) that cannot be decoded after the restarts: reason, stderr tail.
    private readonly onGiveUp: (reason: string, detail: string) => void = () => undefined,
    // Must start now (an emergency): the first decoder is a warm one when one is idle. Its
    // replacements, if it dies, are the usual seeking ones.
    urgent = false,
  ) {
    this.path = source.path;
    const urls = source.urls ?? [];
    this.relay = urls.length > 0 ? new RelayFailover([...urls]) : undefined;
    this.pipe = this.open(startMs, urgent);
  }

  private command(fromMs: number): { cmd: Command; discard: number; seek: boolean } {
    // A live stream has no position to seek to: a relay always starts at "now".
    if (this.relay) return { cmd: decodeStdinCommand(), discard: 0, seek: false };
    const seek = fromMs > MAX_DISCARD_MS || this.restarts > 0;
    return {
      cmd: seek ? decodeFileFromCommand(this.path, fromMs) : decodeFileCommand(this.path),
      discard: seek ? 0 : Math.round((fromMs * BYTES_PER_MS) / 8) * 8,
      seek,
    };
  }

  private open(fromMs: number, urgent = false): PcmPipe {
    const { cmd, discard, seek } = this.command(fromMs);
    // A warm decoder reads the file from stdin, from its start, as decodeFileCommand would.
    const warm = urgent && !this.relay && !seek ? this.deps.warm.take() : undefined;
    const proc: ChildProc =
      warm ??
      this.deps.spawn({
        command: cmd.command,
        args: cmd.args,
        env: cmd.env,
        role: 'decoder',
      });
    if (warm) feedFile(this.path, warm);
    else if (this.relay) feedRelay(this.deps.outbound, this.relay.url, proc);
    return new PcmPipe(proc, this.deps.bufferBytes, this.deps.now, discard, (pipe, ok) =>
      this.onPipeExit(pipe, ok),
    );
  }

  private onPipeExit(pipe: PcmPipe, ok: boolean): void {
    if (pipe !== this.pipe || this.done || this.givenUp) return;
    // A relay that ends cleanly ended early: the deck closes it at its slot's end.
    if (this.relay) this.replace(ok ? 'relay source ended' : 'relay source failed');
    else if (!ok) this.replace('decoder exited');
  }

  private replace(reason: string): void {
    const relay = this.relay;
    const delivered = this.pipe.receivedBytes / BYTES_PER_MS;
    if (relay ? !relay.next(delivered) : this.restarts >= MAX_RESTARTS) {
      this.givenUp = true;
      if (!relay) this.onGiveUp(reason, lastLines(this.pipe.proc.stderrTail()));
      // A stalled source that wakes up later must not revive a deck that already ended.
      if (relay) {
        this.pipe.freeze();
        this.pipe.close();
      }
      return;
    }
    const old = this.pipe;
    old.freeze();
    old.close();
    // Whole stereo float frames only, so the new decoder starts on a sample boundary.
    const aligned = old.receivedBytes - (old.receivedBytes % 8);
    this.baseBytes += aligned;
    this.restarts += 1;
    this.previous.push(old);
    this.pipe = this.open(this.startMs + this.baseBytes / BYTES_PER_MS);
    this.deps.onRestart(reason);
  }

  // Called once per tick: replaces a decoder that stopped producing without exiting.
  supervise(): void {
    if (this.done || this.givenUp) return;
    const stallMs = this.relay ? this.relay.stallMs(this.pipe.receivedBytes > 0) : STALL_MS;
    if (this.pipe.stalled(stallMs)) this.replace(this.relay ? 'relay stalled' : 'decoder stalled');
  }

  read(target: Buffer, offset: number, length: number): number {
    let copied = 0;
    // Bytes the old decoder delivered before dying are still valid audio: play them first.
    while (this.previous.length > 0 && copied < length) {
      const old = this.previous[0];
      if (old === undefined) break;
      const n = old.queue.readInto(
        target,
        offset + copied,
        Math.min(length - copied, this.prevAligned(old)),
      );
      copied += n;
      if (n === 0) this.previous.shift();
    }
    if (copied < length) {
      const avail = this.pipe.queue.length - (this.pipe.queue.length % 8);
      copied += this.pipe.read(target, offset + copied, Math.min(length - copied, avail));
    }
    return copied;
  }

  // An old pipe may hold a trailing partial frame that the replacement re-decodes.
  private prevAligned(old: PcmPipe): number {
    return old.queue.length - (old.queue.length % 8);
  }

  get buffered(): number {
    return this.pipe.queue.length + this.previous.reduce((a, p) => a + this.prevAligned(p), 0);
  }

  // True once everything was decoded and read, or the file cannot be decoded at all.
  get exhausted(): boolean {
    return this.buffered === 0 && this.inputEnded;
  }

  // Nothing more will be decoded (the file's end, or given up): `buffered` is all there is.
  get inputEnded(): boolean {
    return this.pipe.complete || this.givenUp;
  }

  // Given up (after its restarts, or every relay URL) with nothing left to play.
  get failed(): boolean {
    return this.givenUp && this.buffered === 0;
  }

  get pid(): number {
    return this.pipe.proc.pid;
  }

  // Final: what was read ahead is dropped and its slabs go back to the pool.
  close(): void {
    this.done = true;
    for (const p of [this.pipe, ...this.previous]) {
      p.close();
      p.queue.clear();
    }
    this.previous = [];
  }
}

// GStreamer's error is in the last lines of its stderr; enough to name the fault in a log line.
function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(-500);
}
