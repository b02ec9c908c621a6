/**
 * Incremental decoder of an HTTP/1.1 chunked body. DJ software sends raw bytes without a length
 * (the Icecast way), but a client or proxy that does use `Transfer-Encoding: chunked` must not
 * have its chunk headers decoded as audio (the inverse of ENGINE-NOTES trap 6).
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data_end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  /** The payload bytes in `input`; throws on malformed framing. */
  push(input: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    let i = 0;
    while (i < input.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, input.length - i);
        out.push(Buffer.from(input.subarray(i, i + n)));
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data_end';
        continue;
      }
      const byte = input[i++] ?? 0;
      if (byte !== 0x0a) {
        if (byte !== 0x0d) this.line += String.fromCharCode(byte);
        if (this.line.length > 1024) throw new Error('chunk header too long');
        continue;
      }
      this.endOfLine();
    }
    return out;
  }

  private endOfLine(): void {
    const line = this.line;
    this.line = '';
    if (this.state === 'data_end') {
      if (line !== '') throw new Error('missing CRLF after chunk data');
      this.state = 'size';
    } else if (this.state === 'size') {
      // Chunk extensions (";name=value") are allowed and ignored.
      const hex = line.split(';')[0]?.trim() ?? '';
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new Error('malformed chunk size');
      this.remaining = Number.parseInt(hex, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (this.state === 'trailer' && line === '') {
      this.state = 'done';
    }
  }
}

/** De-chunks a body stream, pulling one input chunk per output (back-pressure is kept). */
export async function* dechunked(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const decoder = new ChunkedDecoder();
  for await (const chunk of body) {
    for (const part of decoder.push(chunk)) if (part.length > 0) yield part;
    if (decoder.done) return;
  }
}
