import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import net, { type Socket } from 'node:net';

// node:http frees a connection's parser and request through `_http_common.freeParser` when it
// hands a socket over on an Upgrade; nothing public does the same for a hijacked response.
const common = createRequire(import.meta.url)('_http_common') as {
  freeParser?: (parser: unknown, req: IncomingMessage, socket: Socket) => void;
};

// The HTTP server's own socket listeners: they keep the parser, request and response alive.
const HTTP_SOCKET_EVENTS = ['data', 'end', 'close', 'drain', 'error', 'timeout'] as const;
// Socket methods node:http replaces with per-connection wrappers while it owns the socket.
const WRAPPED_METHODS = ['on', 'addListener', 'prependListener'] as const;

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
  // A player that half-closes is gone: nobody reads what would still be sent. Module-level
  // functions, not closures: a closure made here would share this scope, which holds `req`, and
  // keep the request alive as long as the listener listens (issue 17).
  socket.on('end', destroySocket);
  socket.on('error', ignore);
  compactListenerTable(socket);
  releaseLater(req, socket);
  return socket;
}

// EventEmitter deletes a key when its last listener goes, and V8 then keeps the table as a
// dictionary: ~830 B per socket for as long as it streams (issue 17). Rebuilt in the shape
// Node's streams give it at construction (the common events preset), it is a small fast object.
function compactListenerTable(socket: Socket): void {
  const table: unknown = Reflect.get(socket, '_events');
  if (table === null || typeof table !== 'object') return;
  const fresh: Record<string | symbol, unknown> = {
    close: undefined,
    error: undefined,
    prefinish: undefined,
    finish: undefined,
    drain: undefined,
    data: undefined,
    end: undefined,
    readable: undefined,
  };
  for (const key of Reflect.ownKeys(table)) fresh[key] = Reflect.get(table, key);
  Reflect.set(socket, '_events', fresh);
}

function destroySocket(this: Socket): void {
  this.destroy();
}

function ignore(): void {}

function releaseLater(req: IncomingMessage, socket: Socket): void {
  const parser = (socket as Socket & { parser?: unknown }).parser;
  const free = common.freeParser;
  // After the parser's current execution has unwound (as node:http does): freed from inside a
  // request handler, the parser would put itself back on the server's connection list, without
  // a socket, and server.close() would then throw on it.
  setImmediate(() => {
    if (parser && typeof free === 'function') free(parser, req, socket);
    // node:http wraps these three per connection while it has a parser and puts the shared
    // methods back only at the next call after it is gone; that call may never come.
    for (const m of WRAPPED_METHODS) Reflect.set(socket, m, Reflect.get(net.Socket.prototype, m));
    // Whatever the player still sends is read and dropped, so its close is seen at once.
    if (!socket.destroyed) socket.resume();
  });
}
