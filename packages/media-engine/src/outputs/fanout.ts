import type { AudioFormat } from '@grimnir/contracts';
import { findFrameSync, isOgg, splitOggPages } from './stream-alignment.js';

// Anything that consumes one encoder's bytes: a gRPC subscriber, an Icecast source client, a
// recorder. write() must never block; a slow sink drops or disconnects itself.
export interface Sink {
  write(chunk: Buffer): void;
  close(): void;
}

interface Member {
  sink: Sink;
  aligned: boolean;
}

// Distributes encoded bytes so that every sink, however late it joins, starts on a decodable
// boundary (trap 8).
export class Fanout {
  private members = new Set<Member>();
  private oggPending: Buffer = Buffer.alloc(0);
  private headers: Buffer[] = [];
  private headersDone = false;
  bytes = 0;
  private pending: Buffer[] = [];

  constructor(private readonly format: AudioFormat) {}

  // Encoders emit one small buffer per codec frame (~40/s for MP3). Handing them to sockets
  // one by one cost more CPU than the mixing itself, so bytes are queued here and delivered
  // once per engine tick.
  queue(chunk: Buffer): void {
    this.pending.push(chunk);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const chunk =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.push(chunk);
  }

  get size(): number {
    return this.members.size;
  }

  add(sink: Sink): () => void {
    const member: Member = { sink, aligned: false };
    if (isOgg(this.format) && this.headersDone) {
      sink.write(Buffer.concat(this.headers));
      member.aligned = true;
    }
    this.members.add(member);
    return () => {
      this.members.delete(member);
    };
  }

  // The encoder was restarted: an Ogg stream starts over with fresh header pages.
  reset(): void {
    this.pending = [];
    this.oggPending = Buffer.alloc(0);
    this.headers = [];
    this.headersDone = false;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (isOgg(this.format)) this.pushOgg(chunk);
    else this.pushFramed(chunk);
  }

  private pushOgg(chunk: Buffer): void {
    const buf = this.oggPending.length > 0 ? Buffer.concat([this.oggPending, chunk]) : chunk;
    const { pages, consumed } = splitOggPages(buf);
    this.oggPending = Buffer.from(buf.subarray(consumed));
    if (pages.length === 0) return;
    if (!this.headersDone) {
      for (const p of pages) {
        if (p.granule === 0n && !this.headersDone)
          this.headers.push(Buffer.from(buf.subarray(p.start, p.end)));
        else this.headersDone = true;
      }
    }
    const first = pages[0];
    const last = pages[pages.length - 1];
    if (first === undefined || last === undefined) return;
    const out = buf.subarray(first.start, last.end);
    for (const m of this.members) {
      // Members that joined before the headers were complete receive them in-band.
      m.aligned = true;
      m.sink.write(out);
    }
  }

  private pushFramed(chunk: Buffer): void {
    for (const m of this.members) {
      if (m.aligned) {
        m.sink.write(chunk);
        continue;
      }
      const at = findFrameSync(this.format, chunk);
      if (at < 0) continue;
      m.aligned = true;
      m.sink.write(chunk.subarray(at));
    }
  }

  closeAll(): void {
    for (const m of this.members) m.sink.close();
    this.members.clear();
  }
}
