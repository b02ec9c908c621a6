import { Transform, type TransformCallback } from 'node:stream';

/**
 * Removes Shoutcast/Icecast interleaved metadata from a stream body: after every `metaint`
 * bytes of audio comes one length byte (×16) and that many bytes of `StreamTitle='…';` text.
 * Fed to a decoder as audio, those blocks are clicks and gaps; souphttpsrc's icydemux used to
 * do this before the relay fetched streams itself.
 */
export class IcyStrip extends Transform {
  private audioLeft: number;
  private metaLeft = 0;
  private expectLength = false;

  constructor(private readonly metaint: number) {
    super();
    this.audioLeft = metaint;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.metaLeft > 0) {
        const skip = Math.min(this.metaLeft, chunk.length - at);
        this.metaLeft -= skip;
        at += skip;
        if (this.metaLeft === 0) this.audioLeft = this.metaint;
      } else if (this.expectLength) {
        this.expectLength = false;
        this.metaLeft = (chunk[at] ?? 0) * 16;
        at += 1;
        if (this.metaLeft === 0) this.audioLeft = this.metaint;
      } else {
        const take = Math.min(this.audioLeft, chunk.length - at);
        this.push(chunk.subarray(at, at + take));
        this.audioLeft -= take;
        at += take;
        if (this.audioLeft === 0) this.expectLength = true;
      }
    }
    done();
  }
}

/** `icy-metaint` as a positive integer, or undefined when the stream carries no metadata. */
export function metaintOf(header: string | string[] | undefined): number | undefined {
  const n = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
