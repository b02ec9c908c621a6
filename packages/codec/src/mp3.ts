/**
 * Frame and page headers of the three container families a mount can carry: MPEG audio (MP3),
 * AAC in ADTS, and Ogg (Opus, Vorbis). Pure byte parsing, used to start a late listener on a
 * boundary its decoder accepts (ENGINE-NOTES trap 8) and by the development feeder for pacing.
 */
export type Framing = 'mp3' | 'adts' | 'ogg' | 'none';

export interface FrameHeader {
  /** Bytes from this header to the next one. */
  length: number;
  /** PCM samples per channel the frame decodes to (0 when unknown, e.g. Ogg pages). */
  samples: number;
  sampleRate: number;
  /** Ogg only: page opens a logical stream / is a codec header page (granule 0 or -1). */
  bos?: boolean;
  headerPage?: boolean;
}

/** `need_more`: a header may start here but the buffer ends first. */
export type HeaderResult = FrameHeader | 'invalid' | 'need_more';

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

export function mp3HeaderAt(buf: Uint8Array, i: number): HeaderResult {
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
  if (layer === 1) {
    return {
      length: (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4,
      samples: 384,
      sampleRate,
    };
  }
  const samples = layer === 3 && version !== 3 ? 576 : 1152;
  const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return { length, samples, sampleRate };
}

const ADTS_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

export function adtsHeaderAt(buf: Uint8Array, i: number): HeaderResult {
  if (i + 7 > buf.length) return 'need_more';
  const b1 = buf[i + 1]!;
  if (buf[i] !== 0xff || (b1 & 0xf6) !== 0xf0) return 'invalid'; // sync + layer 00
  const rateIdx = (buf[i + 2]! >> 2) & 0x0f;
  const sampleRate = ADTS_RATES[rateIdx];
  if (sampleRate === undefined) return 'invalid';
  const length = ((buf[i + 3]! & 0x03) << 11) | (buf[i + 4]! << 3) | (buf[i + 5]! >> 5);
  const headerLength = (b1 & 1) === 1 ? 7 : 9;
  if (length < headerLength) return 'invalid';
  return { length, samples: 1024 * ((buf[i + 6]! & 3) + 1), sampleRate };
}

export function oggPageAt(buf: Uint8Array, i: number): HeaderResult {
  if (i + 27 > buf.length) {
    const have = buf.length - i;
    const capture = [0x4f, 0x67, 0x67, 0x53, 0];
    for (let k = 0; k < Math.min(have, capture.length); k++)
      if (buf[i + k] !== capture[k]) return 'invalid';
    return 'need_more';
  }
  if (buf[i] !== 0x4f || buf[i + 1] !== 0x67 || buf[i + 2] !== 0x67 || buf[i + 3] !== 0x53)
    return 'invalid';
  if (buf[i + 4] !== 0 || (buf[i + 5]! & 0xf8) !== 0) return 'invalid';
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
  return {
    length: 27 + segments + body,
    samples: 0,
    sampleRate: 0,
    bos: (buf[i + 5]! & 0x02) !== 0,
    headerPage: zero || minusOne,
  };
}

export function headerReader(
  framing: Framing,
): ((buf: Uint8Array, i: number) => HeaderResult) | undefined {
  switch (framing) {
    case 'mp3':
      return mp3HeaderAt;
    case 'adts':
      return adtsHeaderAt;
    case 'ogg':
      return oggPageAt;
    case 'none':
      return undefined;
  }
}

/** The framing a Content-Type implies; unknown types are relayed unaligned. */
export function framingOf(contentType: string): Framing {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (t === 'audio/mpeg' || t === 'audio/mp3') return 'mp3';
  if (t === 'audio/aac' || t === 'audio/aacp' || t === 'audio/x-aac') return 'adts';
  if (t === 'audio/ogg' || t === 'application/ogg' || t === 'audio/opus' || t === 'audio/vorbis')
    return 'ogg';
  return 'none';
}
