import { formatFor, StreamSync } from '@grimnir/codec';
import type { AudioFormat } from '@grimnir/contracts';

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
// boundary (trap 8): a frame start for MP3/AAC, an audio page after the chain's header pages for
// Ogg. Where those lie is the codec package's business, shared with the control plane's
// listener fan-out.
export class Fanout {
  private members = new Set<Member>();
  private sync: StreamSync;
  bytes = 0;
  private pending: Buffer[] = [];

  constructor(private readonly format: AudioFormat) {
    this.sync = new StreamSync(formatFor(format));
  }

  // While the air changes hands bytes leave as the encoder makes them: the new source's first
  // frames must not wait up to a tick more (issue 17). Set per tick by the station.
  immediate = false;

  // Encoders emit one small buffer per codec frame (~40/s for MP3). Handing them to sockets
  // one by one cost more CPU than the mixing itself, so bytes are queued here and delivered
  // once per engine tick.
  queue(chunk: Buffer): void {
    this.pending.push(chunk);
    if (this.immediate) this.flush();
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

  // A new member starts at the next join point: for Ogg that also replays the header pages, so
  // an Icecast source reconnecting mid-stream gets a stream its listeners can decode. Before
  // the encoder's first byte, its output itself starts on a boundary.
  add(sink: Sink): () => void {
    const member: Member = { sink, aligned: this.sync.position === 0 };
    this.members.add(member);
    return () => {
      this.members.delete(member);
    };
  }

  // The encoder was restarted: its output starts over on a boundary (for Ogg with a new chain
  // whose header pages every member then receives in-band), so framing restarts too.
  reset(): void {
    this.pending = [];
    this.sync = new StreamSync(formatFor(this.format));
    for (const m of this.members) m.aligned = true;
  }

  push(chunk: Buffer): void {
    const base = this.sync.position;
    this.bytes += chunk.length;
    this.sync.push(chunk);
    // A boundary whose header straddled the previous chunk lies before `base`: the next one
    // inside this chunk serves.
    const join = this.sync.firstPointFrom(base);
    for (const m of this.members) {
      if (m.aligned) {
        m.sink.write(chunk);
        continue;
      }
      if (join < 0) continue;
      m.aligned = true;
      if (this.sync.headers) m.sink.write(this.sync.headers);
      m.sink.write(join === base ? chunk : chunk.subarray(join - base));
    }
  }

  closeAll(): void {
    for (const m of this.members) m.sink.close();
    this.members.clear();
  }
}
