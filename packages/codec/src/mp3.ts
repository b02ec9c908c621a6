import type { CodecFormat, FrameHeader, ReadResult } from './format.js';

// MPEG audio (layers I-III, MPEG-1/2/2.5). Bitrates in kbit/s by [MPEG-1 or 2]-[layer].
const MP3_BITRATES: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

function readMp3(buf: Uint8Array, i: number, out: FrameHeader): ReadResult {
  if (i + 4 > buf.length) return 'need_more';
  const b1 = buf[i + 1]!;
  const b2 = buf[i + 2]!;
  if (buf[i] !== 0xff || (b1 & 0xe0) !== 0xe0) return 'invalid';
  const version = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIdx = b2 >> 4;
  const rateIdx = (b2 >> 2) & 3;
  if (version === 1 || layerBits === 0 || bitrateIdx === 0 || bitrateIdx === 15 || rateIdx === 3)
    return 'invalid';
  if ((buf[i + 3]! & 3) === 2) return 'invalid'; // reserved emphasis
  const layer = 4 - layerBits;
  const kbps = MP3_BITRATES[`${version === 3 ? 1 : 2}-${layer}`]![bitrateIdx]!;
  const sampleRate = MP3_RATES[version]![rateIdx]!;
  const padding = (b2 >> 1) & 1;
  out.sampleRate = sampleRate;
  out.bos = false;
  out.headerPage = false;
  if (layer === 1) {
    out.length = (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4;
    out.samples = 384;
    return 'ok';
  }
  out.samples = layer === 3 && version !== 3 ? 576 : 1152;
  out.length = Math.floor(((out.samples / 8) * kbps * 1000) / sampleRate) + padding;
  return 'ok';
}

export const mp3: CodecFormat = {
  name: 'mp3',
  contentTypes: ['audio/mpeg', 'audio/mp3'],
  read: readMp3,
  replaysHeaders: false,
  icyMetadata: true,
};
