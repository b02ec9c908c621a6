/**
 * One container family a mount can carry (MPEG audio, AAC in ADTS, Ogg), described once and used
 * by every consumer of encoded bytes: the control plane's listener fan-out and the media engine's
 * outputs. Modelled on Icecast's format plugins (`format.h`): one table of functions per format,
 * looked up by the mount's format, so framing rules are never written twice.
 */

/**
 * What a reader learns about the frame or page that starts at an offset. Callers pass one in and
 * reuse it: the scanner reads a header per frame on the listener hot path, and a fresh object
 * per frame would be garbage at ~40 frames/s per mount (style traded for speed).
 */
export interface FrameHeader {
  /** Bytes from this header to the next one. */
  length: number;
  /** PCM samples per channel the frame decodes to (0 when unknown, e.g. Ogg pages). */
  samples: number;
  /** Hz (0 when unknown). */
  sampleRate: number;
  /** Ogg: the page opens a logical stream, i.e. a new chain (encoder restart). */
  bos: boolean;
  /** Ogg: a codec header page (granule 0 or -1), which every decoder needs before audio. */
  headerPage: boolean;
}

/** `need_more`: a header may start here but the buffer ends first. */
export type ReadResult = 'ok' | 'invalid' | 'need_more';

export type ContainerName = 'mp3' | 'adts' | 'ogg';

export interface CodecFormat {
  readonly name: ContainerName;
  /** Content-Types (lower case, no parameters) that carry this container. */
  readonly contentTypes: readonly string[];
  /** Reads the header at `buf[i]` into `out` (left unspecified unless the answer is `ok`). */
  readonly read: (buf: Uint8Array, i: number, out: FrameHeader) => ReadResult;
  /**
   * A decoder joining mid-stream needs the chain's header pages first (Ogg): audio boundaries
   * count as join points only once those pages are known.
   */
  readonly replaysHeaders: boolean;
  /** ICY metadata may be interleaved (MP3/AAC); Ogg carries titles in-band, as in Icecast. */
  readonly icyMetadata: boolean;
}

export function newFrameHeader(): FrameHeader {
  return { length: 0, samples: 0, sampleRate: 0, bos: false, headerPage: false };
}

/** Seconds of audio a frame decodes to, for pacing (0 when the header does not say). */
export function frameSeconds(h: Readonly<FrameHeader>): number {
  return h.sampleRate > 0 ? h.samples / h.sampleRate : 0;
}
