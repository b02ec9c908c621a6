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
