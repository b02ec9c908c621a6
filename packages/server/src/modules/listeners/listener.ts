import { icyInterleave, type IcyMeta, type IcyState } from './icy.js';

/** The part of a socket the hub uses (net.Socket fits; tests pass fakes). */
export interface ListenerSocket {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: Uint8Array): boolean;
  cork(): void;
  uncork(): void;
  destroy(): void;
}

/** One connected player as the hub sees it: its socket, how far it has been sent, ICY state. */
export class Listener {
  /** True until a frame/page boundary arrives (joined before any was held). */
  awaiting = false;
  closed = false;
  /** Ring offset one past the last byte handed to the socket. */
  sent = 0;
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
