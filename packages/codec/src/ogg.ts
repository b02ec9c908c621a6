import type { CodecFormat, FrameHeader, ReadResult } from './format.js';

// Ogg pages (RFC 3533), whatever the codec inside (Opus, Vorbis): a 27-byte header, a segment
// table, then the body. The header pages at the start of each chain (granule 0, or -1 for a
// page that ends no packet) must reach a decoder before any audio page (ENGINE-NOTES trap 8).
const CAPTURE = [0x4f, 0x67, 0x67, 0x53, 0]; // "OggS", stream structure version 0

function readOgg(buf: Uint8Array, i: number, out: FrameHeader): ReadResult {
  if (i + 27 > buf.length) {
    // Only the capture pattern is checked early: enough to tell garbage from a cut header.
    const have = Math.min(buf.length - i, CAPTURE.length);
    for (let k = 0; k < have; k++) if (buf[i + k] !== CAPTURE[k]) return 'invalid';
    return 'need_more';
  }
  for (let k = 0; k < CAPTURE.length; k++) if (buf[i + k] !== CAPTURE[k]) return 'invalid';
  if ((buf[i + 5]! & 0xf8) !== 0) return 'invalid';
  const segments = buf[i + 26]!;
  if (i + 27 + segments > buf.length) return 'need_more';
  let body = 0;
  for (let k = 0; k < segments; k++) body += buf[i + 27 + k]!;
  let zero = true;
  let minusOne = true;
  for (let k = 6; k < 14; k++) {
    if (buf[i + k] !== 0) zero = false;
    if (buf[i + k] !== 0xff) minusOne = false;
  }
  out.length = 27 + segments + body;
  out.samples = 0;
  out.sampleRate = 0;
  out.bos = (buf[i + 5]! & 0x02) !== 0;
  out.headerPage = zero || minusOne;
  return 'ok';
}

export const ogg: CodecFormat = {
  name: 'ogg',
  contentTypes: ['audio/ogg', 'application/ogg', 'audio/opus', 'audio/vorbis'],
  read: readOgg,
  replaysHeaders: true,
  icyMetadata: false,
};
