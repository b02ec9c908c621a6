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

/**
 * Source connections from one address that have not authenticated yet: enough for a DJ whose
 * encoder reconnects while a stale attempt times out, too few to hold the port with sockets.
 */
const MAX_UNAUTHENTICATED_PER_IP = 4;
/** A connected DJ that sends nothing for this long is gone (encoders send continuously). */
const IDLE_TIMEOUT_MS = 30_000;

interface SourceHandlerDeps {
  auth: LiveAuth;
  sessions: LiveSessions;
  metrics: LiveMetrics;
  log: FastifyBaseLogger;
  maxUnauthenticatedPerIp?: number;
}

/** Reads the rest of the request head from a paused socket. */
function readHead(
  socket: Socket,
  first: Buffer,
  deadline: number,
): Promise<{ head: RequestHead; rest: Buffer } | { invalid: string }> {
  return new Promise((resolve) => {
    let buf = first;
    // The front's deadline runs from accept: the head as a whole gets that long, not per part.
    const timer = setTimeout(
      () => finish({ invalid: 'timeout' }),
      Math.max(0, deadline - Date.now()),
    );
    const finish = (r: { head: RequestHead; rest: Buffer } | { invalid: string }) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('end', onClose);
      socket.pause();
      resolve(r);
    };
    // The HTTP server's sockets are half-open capable: a client that hangs up sends 'end'.
    const onClose = () => finish({ invalid: 'closed' });
    const onData = (chunk?: Buffer) => {
      if (chunk) buf = Buffer.concat([buf, chunk]);
      const p = parseRequestHead(buf);
      if (p.kind === 'incomplete') return;
      if (p.kind === 'invalid') return finish({ invalid: p.reason });
      finish({ head: p.head, rest: buf.subarray(p.bodyStart) });
    };
    socket.on('close', onClose);
    socket.on('end', onClose);
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
  const maxPerIp = d.maxUnauthenticatedPerIp ?? MAX_UNAUTHENTICATED_PER_IP;
  const unauthenticated = new Map<string, number>();

  function refuse(socket: Socket, r: Refusal, version: string): void {
    d.metrics.refused(r.reason);
    // Destroyed once written: a refused client that keeps its side open holds nothing.
    socket.end(sourceResponse(r.status, { message: r.message, version }), () => socket.destroy());
  }

  async function serve(socket: Socket, first: Buffer, deadline: number): Promise<void> {
    socket.on('error', () => undefined);
    const ip = socket.remoteAddress ?? '';
    const pending = unauthenticated.get(ip) ?? 0;
    if (pending >= maxPerIp)
      return refuse(
        socket,
        {
          refused: true,
          status: 429,
          reason: 'rate_limited',
          message: 'too many unauthenticated source connections from this address',
        },
        'HTTP/1.1',
      );
    unauthenticated.set(ip, pending + 1);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      const left = (unauthenticated.get(ip) ?? 1) - 1;
      if (left > 0) unauthenticated.set(ip, left);
      else unauthenticated.delete(ip);
    };
    // Counted until authentication has been decided, or the connection is gone.
    socket.once('close', done);
    try {
      await authenticateAndServe(socket, first, deadline, ip, done);
    } finally {
      done();
    }
  }

  async function authenticateAndServe(
    socket: Socket,
    first: Buffer,
    deadline: number,
    ip: string,
    authenticated: () => void,
  ): Promise<void> {
    const read = await readHead(socket, first, deadline);
    if ('invalid' in read) {
      if (read.invalid === 'closed') socket.destroy();
      else
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
    const auth = await d.auth.source(head.target, parseBasicAuth(head.headers.authorization), ip);
    authenticated();
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

  return (socket: Socket, first: Buffer, deadline: number): void => {
    serve(socket, first, deadline).catch((err: unknown) => {
      d.log.error({ err }, 'live source connection failed');
      if (!socket.destroyed)
        socket.end(sourceResponse(503, { message: 'internal error', version: 'HTTP/1.1' }));
    });
  };
}
