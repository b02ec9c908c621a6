/**
 * HTTP Range header parsing (RFC 9110 §14) for the audio preview endpoint. Only single byte
 * ranges are served: browsers' media elements never ask for more, and multipart/byteranges
 * responses would add a body format nobody here consumes. A multi-range request gets the
 * whole file, which the RFC allows.
 */

export type RangeDecision =
  /** No (usable) Range header: send the whole representation with 200. */
  | { readonly kind: 'full' }
  /** Inclusive byte offsets, to send with 206. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** Syntactically valid but outside the file: 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };
const UNSATISFIABLE: RangeDecision = { kind: 'unsatisfiable' };
const rangeRe = /^bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i;

export function parseRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return FULL;
  // Invalid or multi-range headers are ignored, as the RFC permits, rather than refused.
  const m = rangeRe.exec(header.trim());
  if (!m) return FULL;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return FULL;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'partial', start, end };
}

export function contentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}
