import type { CodecFormat, FrameHeader, ReadResult } from './format.js';

// AAC in ADTS frames: a 7-byte header (9 with CRC) carrying the frame's own length.
const ADTS_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

function readAdts(buf: Uint8Array, i: number, out: FrameHeader): ReadResult {
  if (i + 7 > buf.length) return 'need_more';
  const b1 = buf[i + 1]!;
  if (buf[i] !== 0xff || (b1 & 0xf6) !== 0xf0) return 'invalid'; // sync + layer 00
  const sampleRate = ADTS_RATES[(buf[i + 2]! >> 2) & 0x0f];
  if (sampleRate === undefined) return 'invalid';
  const length = ((buf[i + 3]! & 0x03) << 11) | (buf[i + 4]! << 3) | (buf[i + 5]! >> 5);
  const headerLength = (b1 & 1) === 1 ? 7 : 9;
  if (length < headerLength) return 'invalid';
  out.length = length;
  out.samples = 1024 * ((buf[i + 6]! & 3) + 1);
  out.sampleRate = sampleRate;
  out.bos = false;
  out.headerPage = false;
  return 'ok';
}

export const adts: CodecFormat = {
  name: 'adts',
  contentTypes: ['audio/aac', 'audio/aacp', 'audio/x-aac'],
  read: readAdts,
  replaysHeaders: false,
  icyMetadata: true,
};
