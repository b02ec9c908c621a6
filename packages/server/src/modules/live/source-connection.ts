import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { dechunked } from './chunked-body.js';
import type { LiveAuth, Refusal } from './live-auth.js';
import type { LiveMetrics } from './live.metrics.js';
import type { LiveSessions } from './live-sessions.js';
import {
  normaliseContentType,
  parseBasicAuth,
  parseRequestHead,
  sourceResponse,
  type RequestHead,
} from './source-protocol.js';

/** A source must finish its request head this quickly (slow-header clients hold sockets). */
const HEAD_TIMEOUT_MS = 10_000;
/** A connected DJ that sends nothing for this long is gone (encoders send continuously). */
const IDLE_TIMEOUT_MS = 30_000;

interface SourceHandlerDeps {
  auth: LiveAuth;
  sessions: LiveSessions;
  metrics: LiveMetrics;
  log: FastifyBaseLogger;
}

/** Reads the rest of the request head from a paused socket. */
function readHead(
  socket: Socket,
  first: Buffer,
): Promise<{ head: RequestHead; rest: Buffer } | { invalid: string }> {
  return new Promise((resolve) => {
    let buf = first;
    const timer = setTimeout(() => finish({ invalid: 'timeout' }), HEAD_TIMEOUT_MS);
    const finish = (r: { head: RequestHead; rest: Buffer } | { invalid: string }) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve(r);
    };
    const onClose = () => finish({ invalid: 'closed' });
    const onData = (chunk?: Buffer) => {
      if (chunk) buf = Buffer.concat([buf, chunk]);
      const p = parseRequestHead(buf);
      if (p.kind === 'incomplete') return;
      if (p.kind === 'invalid') return finish({ invalid: p.reason });
      finish({ head: p.head, rest: buf.subarray(p.bodyStart) });
    };
    socket.on('close', onClose);
    socket.on('data', onData);
    onData();
    if (!socket.destroyed) socket.resume();
  });
}

/** The socket's bytes after the head, pulled (not pushed) so back-pressure reaches TCP. */
async function* bodyOf(socket: Socket, rest: Buffer): AsyncGenerator<Uint8Array> {
  if (rest.length > 0) yield rest;
  for await (const chunk of socket) yield chunk as Buffer;
}

/** Serves one source connection handed over by the front (see source-front.ts). */
export function createSourceHandler(d: SourceHandlerDeps) {
  function refuse(socket: Socket, r: Refusal, version: string): void {
    d.metrics.refused(r.reason);
    socket.end(sourceResponse(r.status, { message: r.message, version }));
  }

  async function serve(socket: Socket, first: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const read = await readHead(socket, first);
    if ('invalid' in read) {
      if (read.invalid !== 'closed')
        refuse(
          socket,
          { refused: true, status: 400, reason: 'bad_request', message: read.invalid },
          'HTTP/1.1',
        );
      return;
    }
    const { head, rest } = read;
    const version = head.version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
    if (head.method === 'OPTIONS') {
      // libshout's capability probe; TLS upgrades are not offered (nginx terminates TLS).
      socket.end(
        sourceResponse(200, {
          version,
          headers: {
            Allow: 'GET, PUT, SOURCE, OPTIONS',
            'Content-Length': '0',
            Connection: 'close',
          },
        }),
      );
      return;
    }
    const ip = socket.remoteAddress ?? '';
    const auth = await d.auth.source(head.target, parseBasicAuth(head.headers.authorization), ip);
    if (auth.refused) return refuse(socket, auth, version);
    const contentType = normaliseContentType(head.headers['content-type']);
    const opened = await d.sessions.open(auth, { contentType, remoteAddr: ip || null });
    if ('refused' in opened) return refuse(socket, opened, version);
    if (/100-continue/i.test(head.headers.expect ?? ''))
      socket.write(sourceResponse(100, { version: 'HTTP/1.1' }));
    socket.write(sourceResponse(200, { version }));
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    const body = bodyOf(socket, rest);
    const chunked = /\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '');
    opened.start({ chunks: chunked ? dechunked(body) : body, close: () => socket.destroy() });
  }

  return (socket: Socket, first: Buffer): void => {
    serve(socket, first).catch((err: unknown) => {
      d.log.error({ err }, 'live source connection failed');
      if (!socket.destroyed)
        socket.end(sourceResponse(503, { message: 'internal error', version: 'HTTP/1.1' }));
    });
  };
}
