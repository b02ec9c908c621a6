import type { StreamFormat } from './broadcast.js';

/** Header values come from station names: keep them on one line and printable. */
const headerValue = (s: string) =>
  Array.from(s, (ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? ' ' : ch))
    .join('')
    .trim();

/**
 * The status line and headers of a listener stream, written straight to the socket. Like
 * Icecast, the body is close-delimited: no Content-Length and no chunked encoding, because
 * ICY-era players and hardware radios do not de-chunk, and an endless stream has no length.
 */
export function streamResponseHead(
  format: StreamFormat,
  opts: { httpVersion: '1.0' | '1.1'; icyMetaint: number | undefined; requestId: string },
): string {
  const lines = [
    `HTTP/${opts.httpVersion} 200 OK`,
    `Content-Type: ${headerValue(format.contentType)}`,
    'Cache-Control: no-cache, no-store',
    'Pragma: no-cache',
    'Expires: Mon, 26 Jul 1997 05:00:00 GMT',
    'Connection: close',
    'Access-Control-Allow-Origin: *',
    'X-Content-Type-Options: nosniff',
    `X-Request-Id: ${headerValue(opts.requestId)}`,
    `icy-name: ${headerValue(format.name)}`,
    `icy-description: ${headerValue(format.description)}`,
    `icy-genre: ${headerValue(format.genre)}`,
    `icy-url: ${headerValue(format.url)}`,
    `icy-pub: ${format.public ? 1 : 0}`,
  ];
  if (format.bitrateKbps !== undefined) lines.push(`icy-br: ${format.bitrateKbps}`);
  const info = [
    format.sampleRate !== undefined && `ice-samplerate=${format.sampleRate}`,
    format.bitrateKbps !== undefined && `ice-bitrate=${format.bitrateKbps}`,
    format.channels !== undefined && `ice-channels=${format.channels}`,
  ].filter((x): x is string => typeof x === 'string');
  if (info.length > 0) lines.push(`ice-audio-info: ${info.join(';')}`);
  if (opts.icyMetaint !== undefined) lines.push(`icy-metaint: ${opts.icyMetaint}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}
