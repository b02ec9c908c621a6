import { newFrameHeader, type CodecFormat, type FrameHeader, type ReadResult } from '../format.js';

/** Synthetic frames and pages for the table tests (bodies are noise with decoy sync bytes). */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  // Decoys: a sync word inside the payload must not be taken for a frame start.
  if (n > 20) b.set([0xff, 0xfb, 0x90, 0x00, 0xff, 0xf1, 0x4f, 0x67, 0x67, 0x53], 10);
  return b;
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417 bytes (418 padded). */
export function mp3Frame(seed: number, padded = false): Buffer {
  const len = padded ? 418 : 417;
  const f = noise(len, seed);
  f.set([0xff, 0xfb, padded ? 0x92 : 0x90, 0x00], 0);
  return f;
}

export function adtsFrame(seed: number, len = 300): Buffer {
  const f = noise(len, seed);
  f.set(
    [0xff, 0xf1, 0x50, 0x80 | ((len >> 11) & 3), (len >> 3) & 0xff, ((len & 7) << 5) | 0x1f, 0xfc],
    0,
  );
  return f;
}

export function oggPage(opts: {
  bos?: boolean;
  granule: bigint;
  body: number;
  seed: number;
}): Buffer {
  const segs: number[] = [];
  for (let left = opts.body; left > 0; left -= 255) segs.push(Math.min(255, left));
  const head = Buffer.alloc(27 + segs.length);
  head.write('OggS', 0, 'latin1');
  head[5] = opts.bos === true ? 0x02 : 0;
  head.writeBigInt64LE(opts.granule, 6);
  head.writeUInt32LE(0x1234, 14);
  head[26] = segs.length;
  segs.forEach((s, k) => (head[27 + k] = s));
  return Buffer.concat([head, noise(opts.body, opts.seed)]);
}

/** Reads one header with `format`; a copy of it, or the reader's `invalid` / `need_more`. */
export function readHeader(
  format: CodecFormat,
  bytes: readonly number[] | Uint8Array,
): FrameHeader | Exclude<ReadResult, 'ok'> {
  const out = newFrameHeader();
  const r = format.read(Uint8Array.from(bytes), 0, out);
  return r === 'ok' ? out : r;
}

/** Absolute offsets of `frames` laid end to end after `skip` bytes. */
export function offsetsOf(frames: readonly Buffer[], skip = 0): number[] {
  const out: number[] = [];
  let pos = skip;
  for (const f of frames) {
    out.push(pos);
    pos += f.length;
  }
  return out;
}

/** Cuts `stream` into chunks of the given sizes (cycled), as a socket might deliver it. */
export function chunked(stream: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0, k = 0; pos < stream.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, stream.length - pos);
    out.push(stream.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

/** An Ogg chain: a BOS page and a second header page, then `audio` pages with rising granules. */
export function oggChain(audio: number, seed = 0): { headers: Buffer[]; pages: Buffer[] } {
  return {
    headers: [
      oggPage({ bos: true, granule: 0n, body: 19, seed: seed + 1 }),
      oggPage({ granule: 0n, body: 600, seed: seed + 2 }),
    ],
    pages: Array.from({ length: audio }, (_, i) =>
      oggPage({ granule: BigInt(960 * (i + 1)), body: 300 + i * 11, seed: seed + 10 + i }),
    ),
  };
}
