import { formatOfContentType } from '@grimnir/codec';
import { ByteRing } from './byte-ring.js';
import {
  DEFAULT_METAINT,
  icyInterleave,
  icyMetadataBlock,
  initialIcyState,
  type IcyMeta,
  type IcyState,
} from './icy.js';
import { StreamFramer } from './stream-framer.js';

/** What listeners are told about a stream (HTTP and icy-* headers). */
export interface StreamFormat {
  contentType: string;
  bitrateKbps: number | undefined;
  name: string;
  description: string;
  genre: string;
  url: string;
  public: boolean;
  sampleRate: number | undefined;
  channels: number | undefined;
}

/** The part of a socket the hub uses (net.Socket fits; tests pass fakes). */
export interface ListenerSocket {
  readonly writableLength: number;
  readonly destroyed: boolean;
  /** Bytes written so far (net.Socket has it; for the line logged when a listener leaves). */
  readonly bytesWritten?: number;
  write(chunk: Uint8Array): boolean;
  cork(): void;
  uncork(): void;
  destroy(): void;
}

export type DisconnectReason = 'client_closed' | 'slow' | 'format_changed' | 'mount_closed';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface BroadcastOptions {
  mount: string;
  format: StreamFormat;
  /** Bytes replayed on connect so players start at once (default: 3 s of audio, else 64 KiB). */
  burstBytes?: number;
  /** A listener whose unsent backlog exceeds this is dropped (Icecast's queue-size: 512 KiB). */
  maxBacklogBytes?: number;
  /** Publishes are coalesced to about this many bytes (fewer writes per listener)… */
  coalesceBytes?: number;
  /** …or sent after this long, whichever comes first. */
  coalesceMs?: number;
  metaint?: number;
  timers?: Timers;
  onListenersChanged?: (count: number, event: 'connect' | DisconnectReason) => void;
}

class Listener {
  /** True until a frame/page boundary arrives (joined before any was held). */
  awaiting = false;
  closed = false;
  /** Why it left, once it has (a socket that closed by itself: `client_closed`). */
  reason: DisconnectReason | undefined = undefined;
  constructor(
    readonly socket: ListenerSocket,
    private icy: IcyState | undefined,
    private readonly metaint: number,
  ) {}

  get icyEnabled(): boolean {
    return this.icy !== undefined;
  }

  /** Several buffers in one socket write (corked): the connect burst's views of the ring. */
  sendAll(chunks: readonly Buffer[], meta: IcyMeta): void {
    if (chunks.length === 1) return this.send(chunks[0]!, meta);
    this.socket.cork();
    for (const c of chunks) this.send(c, meta);
    this.socket.uncork();
  }

  send(chunk: Buffer, meta: IcyMeta): void {
    if (this.icy === undefined) {
      this.socket.write(chunk);
      return;
    }
    const out = icyInterleave(chunk, this.icy, this.metaint, meta);
    this.icy = out.state;
    if (out.parts.length === 1) {
      this.socket.write(out.parts[0]!);
      return;
    }
    this.socket.cork();
    for (const p of out.parts) this.socket.write(p);
    this.socket.uncork();
  }
}

/**
 * One mount's fan-out hub. The publisher (the director, fed by the media engine; the file feeder
 * in development) calls publish/setTitle/setFormat; every listener gets the same Buffer objects,
 * so a chunk costs one allocation whatever the audience. Memory is bounded: a ring of recent
 * bytes for the connect burst, and no per-listener queue beyond the socket's own, whose size
 * decides when a listener is too slow to keep.
 */
export class MountBroadcast {
  readonly mount: string;
  readonly metaint: number;
  private fmt: StreamFormat;
  private framer: StreamFramer;
  private ring: ByteRing;
  private readonly listeners = new Set<Listener>();
  private readonly dataWaiters = new Set<() => void>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushTimer: unknown;
  private meta: IcyMeta = { version: 0, block: icyMetadataBlock('') };
  private titleText = '';
  private closedFlag = false;
  private readonly burstBytes: number;
  private readonly maxBacklog: number;
  private readonly coalesceBytes: number;
  private readonly coalesceMs: number;
  private readonly timers: Timers;

  constructor(private readonly opts: BroadcastOptions) {
    this.mount = opts.mount;
    this.fmt = opts.format;
    this.metaint = opts.metaint ?? DEFAULT_METAINT;
    const kbps = opts.format.bitrateKbps;
    this.burstBytes = opts.burstBytes ?? (kbps ? Math.round((kbps * 1000 * 3) / 8) : 65_536);
    this.maxBacklog = opts.maxBacklogBytes ?? 512 * 1024;
    // Every write costs a syscall and a few small objects per listener: at 5,000 listeners the
    // garbage of 4 writes a second grew V8's young generation by megabytes (issue 17). Two a
    // second at 128 kbit/s; players buffer seconds, and joins get the burst at once anyway.
    this.coalesceBytes = opts.coalesceBytes ?? 8192;
    this.coalesceMs = opts.coalesceMs ?? 500;
    this.timers = opts.timers ?? realTimers;
    this.framer = new StreamFramer(formatOfContentType(this.fmt.contentType));
    this.ring = this.newRing();
  }

  private newRing(): ByteRing {
    // Room for the burst plus one maximal Ogg page, so a boundary is always held.
    return new ByteRing(this.burstBytes + 70_000);
  }

  get format(): StreamFormat {
    return this.fmt;
  }
  get title(): string {
    return this.titleText;
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  /** True once any byte has been published since the hub (or its format) was created. */
  get hasData(): boolean {
    return this.ring.end > 0;
  }
  get closed(): boolean {
    return this.closedFlag;
  }
  /** ICY metadata is for MP3/AAC; Ogg carries its titles in the stream (as Icecast does). */
  get icyCapable(): boolean {
    return this.framer.format?.icyMetadata ?? true;
  }

  publish(chunk: Buffer): void {
    if (this.closedFlag || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.coalesceBytes) this.flush();
    else this.flushTimer ??= this.timers.setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Sends whatever publish() has coalesced so far. */
  flush(): void {
    if (this.flushTimer !== undefined) {
      this.timers.clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pendingBytes === 0) return;
    const chunk =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.ring.append(chunk);
    this.framer.push(chunk, this.ring);
    this.deliver(chunk);
    if (this.dataWaiters.size > 0) for (const w of [...this.dataWaiters]) w();
  }

  private deliver(chunk: Buffer): void {
    const meta = this.meta;
    for (const l of this.listeners) {
      if (l.socket.writableLength > this.maxBacklog) {
        this.drop(l, 'slow');
        continue;
      }
      if (l.awaiting) {
        // The first boundary may lie in an earlier chunk (confirmed only now): start from the ring.
        const burst = this.burst();
        if (burst === undefined) continue;
        l.awaiting = false;
        l.sendAll(this.framer.headers ? [this.framer.headers, ...burst] : burst, meta);
        continue;
      }
      l.send(chunk, meta);
    }
  }

  setTitle(title: string): void {
    if (title === this.titleText) return;
    this.titleText = title;
    this.meta = { version: this.meta.version + 1, block: icyMetadataBlock(title) };
  }

  /**
   * Updates what new listeners are told. A different Content-Type means a different codec:
   * connected players cannot switch mid-stream, so they are disconnected (and reconnect).
   */
  setFormat(patch: Partial<StreamFormat>): void {
    const next = { ...this.fmt, ...patch };
    const codecChanged = next.contentType !== this.fmt.contentType;
    this.fmt = next;
    if (!codecChanged) return;
    for (const l of [...this.listeners]) this.drop(l, 'format_changed');
    this.pending = [];
    this.pendingBytes = 0;
    this.framer = new StreamFramer(formatOfContentType(next.contentType));
    this.ring = this.newRing();
  }

  /** Adds a listener and writes its connect burst (the caller has written the HTTP head). */
  attach(socket: ListenerSocket, opts: { icy: boolean }): Listener {
    const icy = opts.icy && this.icyCapable ? initialIcyState(this.metaint) : undefined;
    const l = new Listener(socket, icy, this.metaint);
    this.listeners.add(l);
    const burst = this.burst();
    if (burst === undefined) l.awaiting = true;
    else {
      const parts = this.framer.headers ? [this.framer.headers, ...burst] : burst;
      if (parts.length > 0) l.sendAll(parts, this.meta);
    }
    this.opts.onListenersChanged?.(this.listeners.size, 'connect');
    return l;
  }

  private burst(): Buffer[] | undefined {
    const start = this.framer.burstStart(this.ring, this.burstBytes);
    return start === undefined ? undefined : this.ring.views(start);
  }

  /** Removes a listener whose socket closed; idempotent. */
  detach(l: Listener, reason: DisconnectReason = 'client_closed'): void {
    if (l.closed) return;
    l.closed = true;
    l.reason = reason;
    if (!this.listeners.delete(l)) return;
    this.opts.onListenersChanged?.(this.listeners.size, reason);
  }

  private drop(l: Listener, reason: DisconnectReason): void {
    this.detach(l, reason);
    l.socket.destroy();
  }

  /** Calls `fn` at the next flush; returns a function that cancels the wait. */
  onNextData(fn: () => void): () => void {
    const w = () => {
      this.dataWaiters.delete(w);
      fn();
    };
    this.dataWaiters.add(w);
    return () => this.dataWaiters.delete(w);
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const l of [...this.listeners]) this.drop(l, 'mount_closed');
    for (const w of [...this.dataWaiters]) w();
  }
}
