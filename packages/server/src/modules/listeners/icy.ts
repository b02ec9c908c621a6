/**
 * ICY (SHOUTcast/Icecast) in-band metadata: after every `metaint` bytes of audio the server
 * inserts one length byte N and N×16 bytes of `StreamTitle='…';` padded with NULs. N = 0 means
 * "unchanged", so a title costs bytes only when it changes. Pure functions; the listener keeps
 * its own state because every listener joins at a different byte.
 */
export const DEFAULT_METAINT = 16_000;
const MAX_BLOCK = 255 * 16;
const ZERO = Buffer.from([0]);

export interface IcyMeta {
  /** Increases whenever the title changes. */
  readonly version: number;
  /** Length byte + padded text, ready to write. */
  readonly block: Buffer;
}

export interface IcyState {
  /** Audio bytes still to send before the next metadata block. */
  readonly untilMeta: number;
  /** `IcyMeta.version` this listener last received (-1: none yet). */
  readonly sentVersion: number;
}

export const initialIcyState = (metaint: number): IcyState => ({
  untilMeta: metaint,
  sentVersion: -1,
});

/** Drops control characters (a newline would let a title forge headers in some players). */
function clean(text: string): string {
  let out = '';
  for (const ch of text) if (ch.charCodeAt(0) >= 0x20 && ch !== '\u007f') out += ch;
  return out;
}

/** Truncates UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): Buffer {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return buf;
  let end = maxBytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end -= 1;
  return buf.subarray(0, end);
}

export function icyMetadataBlock(title: string): Buffer {
  const prefix = Buffer.from("StreamTitle='");
  const suffix = Buffer.from("';");
  const body = truncateUtf8(clean(title), MAX_BLOCK - prefix.length - suffix.length);
  const text = Buffer.concat([prefix, body, suffix]);
  const n = Math.ceil(text.length / 16);
  const block = Buffer.alloc(1 + n * 16);
  block[0] = n;
  text.copy(block, 1);
  return block;
}

/**
 * Splits one chunk of audio into the parts to write: audio slices with a metadata block after
 * every `metaint`-th byte counted across chunks. Returns the listener's next state.
 */
export function icyInterleave(
  chunk: Buffer,
  state: IcyState,
  metaint: number,
  meta: IcyMeta,
): { parts: Buffer[]; state: IcyState } {
  const parts: Buffer[] = [];
  let pos = 0;
  let until = state.untilMeta;
  let sent = state.sentVersion;
  while (chunk.length - pos >= until) {
    if (until > 0) parts.push(chunk.subarray(pos, pos + until));
    pos += until;
    if (meta.version !== sent) {
      parts.push(meta.block);
      sent = meta.version;
    } else {
      parts.push(ZERO);
    }
    until = metaint;
  }
  if (pos < chunk.length) {
    parts.push(chunk.subarray(pos));
    until -= chunk.length - pos;
  }
  return { parts, state: { untilMeta: until, sentVersion: sent } };
}
