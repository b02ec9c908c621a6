import type { AudioFormat } from '@grimnir/contracts';

// Where a late subscriber may start listening (trap 8): Ogg needs the stream's header pages
// replayed and then a page boundary; MP3 and AAC need the next frame sync word.

export interface OggPage {
  start: number;
  end: number;
  granule: bigint;
  bos: boolean;
}

// Splits complete Ogg pages out of `buf`; returns pages and the byte count consumed.
export function splitOggPages(buf: Buffer): { pages: OggPage[]; consumed: number } {
  const pages: OggPage[] = [];
  let pos = 0;
  while (pos + 27 <= buf.length) {
    if (buf.readUInt32BE(pos) !== 0x4f676753) {
      const next = buf.indexOf('OggS', pos + 1);
      if (next < 0) return { pages, consumed: Math.max(pos, buf.length - 3) };
      pos = next;
      continue;
    }
    const segments = buf[pos + 26] ?? 0;
    if (pos + 27 + segments > buf.length) break;
    let body = 0;
    for (let i = 0; i < segments; i++) body += buf[pos + 27 + i] ?? 0;
    const end = pos + 27 + segments + body;
    if (end > buf.length) break;
    pages.push({
      start: pos,
      end,
      granule: buf.readBigInt64LE(pos + 6),
      bos: ((buf[pos + 5] ?? 0) & 0x02) !== 0,
    });
    pos = end;
  }
  return { pages, consumed: pos };
}

// Offset of the first frame sync in an MP3 or ADTS chunk, or -1.
export function findFrameSync(format: AudioFormat, buf: Buffer, from = 0): number {
  for (let i = from; i + 1 < buf.length; i++) {
    if (buf[i] !== 0xff) continue;
    const b = buf[i + 1] ?? 0;
    if (format === 'MP3' && (b & 0xe0) === 0xe0 && (b & 0x06) !== 0) return i;
    if (format === 'AAC' && (b & 0xf6) === 0xf0) return i;
  }
  return -1;
}

export function isOgg(format: AudioFormat): boolean {
  return format === 'OPUS' || format === 'VORBIS';
}
