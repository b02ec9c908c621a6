import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

// node:http frees a connection's parser and request through `_http_common.freeParser` when it
// hands a socket over on an Upgrade; nothing public does the same for a hijacked response.
const common = createRequire(import.meta.url)('_http_common') as {
  freeParser?: (parser: unknown, req: IncomingMessage, socket: Socket) => void;
};

// The HTTP server's own socket listeners: they keep the parser, request and response alive.
const HTTP_SOCKET_EVENTS = ['data', 'end', 'close', 'drain', 'error', 'timeout'] as const;

/**
 * Takes a listener's socket out of node:http once the response head is written, as node:http
 * itself does for an Upgrade: the parser, IncomingMessage, ServerResponse and the framework's
 * request objects are no longer reachable from the socket. A hijacked stream otherwise keeps
 * ~4.5 KB of them per listener for as long as it listens (issue 17: 10,000 listeners). The
 * caller adds its own 'close' and 'error' listeners afterwards. Without the internal helper
 * (another Node version) the socket is only detached from its response, which is still correct.
 */
export function takeSocketFromHttp(req: IncomingMessage, res: ServerResponse): Socket {
  const socket = req.socket;
  res.detachSocket(socket);
  for (const ev of HTTP_SOCKET_EVENTS) socket.removeAllListeners(ev);
  // A player that half-closes is gone: nobody reads what would still be sent.
  socket.on('end', () => socket.destroy());
  socket.on('error', () => undefined);
  const parser = (socket as Socket & { parser?: unknown }).parser;
  const free = common.freeParser;
  // After the parser's current execution has unwound (as node:http does): freed from inside a
  // request handler, the parser would put itself back on the server's connection list, without
  // a socket, and server.close() would then throw on it.
  setImmediate(() => {
    if (parser && typeof free === 'function') free(parser, req, socket);
    // Whatever the player still sends is read and dropped, so its close is seen at once.
    if (!socket.destroyed) socket.resume();
  });
  return socket;
}
