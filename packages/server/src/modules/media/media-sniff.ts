/**
 * Audio container detection from the first bytes of a file. The client's filename and
 * Content-Type are never trusted: a text file renamed `.mp3` must be refused, and the stored
 * extension and the MIME type served back to browsers come from here.
 */

export type AudioFormat = 'mp3' | 'aac' | 'flac' | 'vorbis' | 'opus' | 'wav' | 'm4a' | 'aiff';

export interface AudioKind {
  readonly format: AudioFormat;
  readonly mime: string;
  /** Extension of the stored file, without the dot. */
  readonly ext: string;
}

export type SniffResult =
  | { readonly kind: 'audio'; readonly audio: AudioKind }
  /** An ID3v2 tag precedes the audio: sniff again at `offset` (tags may hold megabytes of art). */
  | { readonly kind: 'skip'; readonly offset: number }
  /** Fewer bytes than needed to decide; only returned while more data may follow. */
  | { readonly kind: 'need_more' }
  | { readonly kind: 'unsupported' };

const AUDIO_KINDS: Readonly<Record<AudioFormat, AudioKind>> = {
  mp3: { format: 'mp3', mime: 'audio/mpeg', ext: 'mp3' },
  aac: { format: 'aac', mime: 'audio/aac', ext: 'aac' },
  flac: { format: 'flac', mime: 'audio/flac', ext: 'flac' },
  vorbis: { format: 'vorbis', mime: 'audio/ogg', ext: 'ogg' },
  opus: { format: 'opus', mime: 'audio/ogg', ext: 'opus' },
  wav: { format: 'wav', mime: 'audio/wav', ext: 'wav' },
  m4a: { format: 'm4a', mime: 'audio/mp4', ext: 'm4a' },
  aiff: { format: 'aiff', mime: 'audio/aiff', ext: 'aiff' },
};

/**
 * File extensions a bulk import picks up: the stored extension of every accepted format plus
 * the usual aliases. Only a pre-filter for walking folders; the bytes still decide.
 */
export const AUDIO_FILE_EXTENSIONS: readonly string[] = [
  ...Object.values(AUDIO_KINDS).map((k) => k.ext),
  'aif',
  'aifc',
  'oga',
];

/** Bytes that are always enough to decide, except for the skip over an ID3v2 tag. */
export const SNIFF_BYTES = 64;

// ISO base media brands that denote audio files (or generic MP4 that players accept as audio).
const MP4_AUDIO_BRANDS = new Set([
  'M4A ',
  'M4B ',
  'M4P ',
  'F4A ',
  'F4B ',
  'mp41',
  'mp42',
  'isom',
  'iso2',
  'dash',
]);

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, start + len));

const audio = (format: AudioFormat): SniffResult => ({ kind: 'audio', audio: AUDIO_KINDS[format] });

/** ID3v2 sizes are "syncsafe": 7 bits per byte so the tag never contains a false frame sync. */
function id3Size(b: Uint8Array): number | undefined {
  const bytes = [b[6], b[7], b[8], b[9]];
  if (bytes.some((x) => x === undefined || x > 0x7f)) return undefined;
  const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = bytes;
  const footer = ((b[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return ((s0 << 21) | (s1 << 14) | (s2 << 7) | s3) + 10 + footer;
}

/** MPEG audio frame header (layers I-III) or ADTS (AAC) header at offset 0. */
function mpegFrame(b: Uint8Array): AudioFormat | undefined {
  const b0 = b[0] ?? 0;
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const layer = (b1 >> 1) & 0x03;
  if (layer === 0) {
    // ADTS: 12-bit sync, and the sampling-frequency index 13-15 is reserved.
    if ((b1 & 0xf0) !== 0xf0) return undefined;
    return ((b2 >> 2) & 0x0f) <= 12 ? 'aac' : undefined;
  }
  const version = (b1 >> 3) & 0x03;
  const bitrateIndex = (b2 >> 4) & 0x0f;
  const sampleRateIndex = (b2 >> 2) & 0x03;
  if (version === 1 || bitrateIndex === 0x0f || sampleRateIndex === 0x03) return undefined;
  return 'mp3';
}

function oggCodec(b: Uint8Array): AudioFormat | undefined {
  // The first page holds one segment: the codec's identification header starts at byte 28.
  if (ascii(b, 28, 7) === '\x01vorbis') return 'vorbis';
  if (ascii(b, 28, 8) === 'OpusHead') return 'opus';
  return undefined;
}

function containers(b: Uint8Array): AudioFormat | undefined {
  const magic = ascii(b, 0, 4);
  if (magic === 'fLaC') return 'flac';
  if (magic === 'OggS') return oggCodec(b);
  if (magic === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return 'wav';
  if (magic === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(b, 8, 4))) return 'aiff';
  if (ascii(b, 4, 4) === 'ftyp' && MP4_AUDIO_BRANDS.has(ascii(b, 8, 4))) return 'm4a';
  return mpegFrame(b);
}

/**
 * Classifies the bytes at the start of a file (or after an ID3 tag). `complete` says whether
 * `head` is all the data there is, so short inputs are refused instead of waited on.
 */
export function sniffAudio(head: Uint8Array, complete: boolean): SniffResult {
  if (head.length < SNIFF_BYTES && !complete) return { kind: 'need_more' };
  if (ascii(head, 0, 3) === 'ID3') {
    const size = id3Size(head);
    return size === undefined ? { kind: 'unsupported' } : { kind: 'skip', offset: size };
  }
  const format = containers(head);
  return format === undefined ? { kind: 'unsupported' } : audio(format);
}
