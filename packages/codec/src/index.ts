import type { AUDIO_FORMATS, MOUNT_FORMATS } from '@grimnir/contracts';
import { adts } from './adts.js';
import type { CodecFormat } from './format.js';
import { mp3 } from './mp3.js';
import { ogg } from './ogg.js';

export { frameSeconds } from './format.js';
export type { CodecFormat } from './format.js';
export { FrameScanner } from './scanner.js';
export { StreamSync } from './stream-sync.js';

type MountFormat = (typeof MOUNT_FORMATS)[number];
type AudioFormat = (typeof AUDIO_FORMATS)[number];

// The table of format plugins, keyed by the mount formats of the API. Typed as a full Record so
// a format added to contracts fails to compile here until its framing is named.
const FORMATS: Readonly<Record<MountFormat, CodecFormat>> = {
  mp3,
  aac: adts,
  opus: ogg,
  vorbis: ogg,
};

const CONTAINERS = [mp3, adts, ogg] as const;

/** The framing of a mount format (`mp3`) or of the engine's wire name for it (`MP3`). */
export function formatFor(format: MountFormat | AudioFormat): CodecFormat {
  return FORMATS[format.toLowerCase() as Lowercase<MountFormat | AudioFormat>];
}

/** The framing a Content-Type implies; undefined for types relayed unaligned. */
export function formatOfContentType(contentType: string): CodecFormat | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  for (const f of CONTAINERS) if (f.contentTypes.includes(type)) return f;
  return undefined;
}
