/**
 * The Icecast source protocol as DJ software speaks it, as pure functions (no sockets here).
 * Measured clients: ffmpeg `icecast://` sends `PUT /live/x HTTP/1.1` with `Expect:
 * 100-continue`; ffmpeg `-legacy_icecast 1` sends `SOURCE /live/x HTTP/1.1`; libshout
 * (shout2send, BUTT, Mixxx) first probes with `OPTIONS *`, then a `PUT` without credentials
 * (expecting 401), then the `PUT` with credentials and `Expect: 100-continue`.
 */

/** Longest request head we read before giving up (Icecast's own limit is similar). */
export const MAX_HEAD_BYTES = 16 * 1024;

type FrontRoute = 'source' | 'http' | 'undecided';

/**
 * Decides from the first bytes of a connection who serves it. `undecided` until the request
 * line is complete; anything that is not a source request goes to the HTTP server unchanged
 * (listeners use `GET /live/x`, so only the methods tell the two apart).
 */
export function routeOf(head: Buffer): FrontRoute {
  const eol = head.indexOf('\n');
  if (eol < 0) return head.length >= MAX_HEAD_BYTES ? 'http' : 'undecided';
  const line = head.subarray(0, eol).toString('latin1').replace(/\r$/, '');
  const [method = '', target = ''] = line.split(' ');
  if (method === 'SOURCE') return 'source';
  if (method === 'PUT' && target.startsWith('/live/')) return 'source';
  if (method === 'OPTIONS' && target === '*') return 'source';
  return 'http';
}

export interface RequestHead {
  method: string;
  target: string;
  version: string;
  /** Lower-cased names; a repeated header keeps its first value. */
  headers: Record<string, string>;
}

type HeadParse =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ok'; head: RequestHead; bodyStart: number };

/** Parses a request head ending with an empty line (CRLF or bare LF, as some encoders send). */
export function parseRequestHead(buf: Buffer): HeadParse {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const ends = [crlf < 0 ? undefined : crlf + 4, lf < 0 ? undefined : lf + 2].filter(
    (n): n is number => n !== undefined,
  );
  if (ends.length === 0)
    return buf.length >= MAX_HEAD_BYTES
      ? { kind: 'invalid', reason: 'request head too large' }
      : { kind: 'incomplete' };
  const bodyStart = Math.min(...ends);
  if (bodyStart > MAX_HEAD_BYTES) return { kind: 'invalid', reason: 'request head too large' };
  const lines = buf.subarray(0, bodyStart).toString('latin1').split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01]|ICE\/1\.0)$/.exec(lines[0] ?? '');
  if (!m) return { kind: 'invalid', reason: 'malformed request line' };
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const i = line.indexOf(':');
    if (i <= 0) return { kind: 'invalid', reason: 'malformed header line' };
    const name = line.slice(0, i).trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      return { kind: 'invalid', reason: 'malformed header name' };
    headers[name] ??= line.slice(i + 1).trim();
  }
  return {
    kind: 'ok',
    head: { method: m[1] ?? '', target: m[2] ?? '', version: m[3] ?? '', headers },
    bodyStart,
  };
}

export interface BasicCredentials {
  user: string;
  password: string;
}

export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}

/**
 * The mount a source names: `/live/x` (our path), or `/x` and `x` for `SOURCE` and metadata
 * updates, where DJ software is often configured with the bare mount. A query string is ignored.
 */
export function mountFromTarget(target: string): string | undefined {
  let path = target.split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (path.startsWith('/live/')) path = path.slice('/live/'.length);
  else if (path.startsWith('/')) path = path.slice(1);
  return /^[a-z0-9][a-z0-9._-]{0,63}$/.test(path) && !path.includes('..') ? path : undefined;
}

/** Content types the engine picks a parser for; others are decoded by guessing (slower). */
export function normaliseContentType(value: string | undefined): string {
  const t = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (t === 'audio/mp3' || t === 'audio/mpeg3') return 'audio/mpeg';
  return /^[a-z]+\/[a-z0-9.+-]+$/.test(t) ? t : '';
}

const REASONS: Record<number, string> = {
  100: 'Continue',
  200: 'OK',
  400: 'Bad Request',
  401: 'Authentication Required',
  403: 'Forbidden',
  404: 'File Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

/** A response head (and small text body) in the form Icecast sends to source clients. */
export function sourceResponse(
  status: number,
  opts: { message?: string; headers?: Record<string, string>; version?: string } = {},
): string {
  const body = opts.message === undefined ? '' : `${opts.message}\n`;
  const lines = [`${opts.version ?? 'HTTP/1.1'} ${status} ${REASONS[status] ?? 'Error'}`];
  if (status === 100) return `${lines[0] ?? ''}\r\n\r\n`;
  const headers: Record<string, string> = {
    Server: 'Icecast 2.4.4 (Grimnir Radio)',
    ...(status === 401 && { 'WWW-Authenticate': 'Basic realm="Icecast2 Server"' }),
    ...opts.headers,
  };
  if (status !== 200 || body !== '') {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
