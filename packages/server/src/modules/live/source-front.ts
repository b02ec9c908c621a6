import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { routeOf } from './source-protocol.js';

/**
 * How long a new connection may take to send its whole request head (request line and headers)
 * before it is dropped: one deadline from accept, shared with the source handler, so a client
 * dribbling one header byte at a time cannot hold a socket longer than this.
 */
const HEADER_TIMEOUT_MS = 10_000;

export interface SourceFront {
  /** Source connections currently being served (handed to `onSource`). */
  readonly sources: ReadonlySet<Socket>;
  /** Destroys connections still deciding and every source connection (server shutdown). */
  closeAll(): void;
}

/**
 * `node:http` cannot accept Icecast source clients (their body has no length, ENGINE-NOTES trap
 * 7), so the main port gets a raw front: every new connection's request line is read first;
 * `SOURCE`, `PUT /live/…` and libshout's `OPTIONS *` go to `onSource` with the bytes read so
 * far, everything else is handed to the HTTP server unchanged (bytes pushed back, then its own
 * connection handling), so listeners, the API and WebSockets are untouched.
 */
export function installSourceFront(
  server: Server,
  onSource: (socket: Socket, head: Buffer, deadline: number) => void,
  headerTimeoutMs = HEADER_TIMEOUT_MS,
): SourceFront {
  // The HTTP server's own handlers; they now run only for connections the front lets through.
  const httpHandlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const deciding = new Set<Socket>();
  const sources = new Set<Socket>();

  // Synchronous hand-over: no data event can fire before the HTTP handlers listen, and the
  // unshifted bytes are delivered to them first. No pause()/resume() here: the HTTP server
  // throttles uploads through the socket's 'pause' events, and toggling the flow state before
  // it listens left request bodies unthrottled (a 120 MB upload was read into memory at once).
  function toHttp(socket: Socket, head: Buffer): void {
    if (head.length > 0) socket.unshift(head);
    for (const h of httpHandlers) h.call(server, socket);
  }

  server.on('connection', (socket: Socket) => {
    deciding.add(socket);
    let head: Buffer = Buffer.alloc(0);
    const deadline = Date.now() + headerTimeoutMs;
    const timer = setTimeout(() => socket.destroy(), headerTimeoutMs);
    const settle = () => {
      clearTimeout(timer);
      deciding.delete(socket);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const onClose = () => settle();
    const onError = () => undefined;
    const onData = (chunk: Buffer) => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const route = routeOf(head);
      if (route === 'undecided') return;
      settle();
      if (route === 'http') return toHttp(socket, head);
      socket.pause();
      sources.add(socket);
      socket.once('close', () => sources.delete(socket));
      onSource(socket, head, deadline);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
  });

  return {
    sources,
    closeAll() {
      for (const s of [...deciding, ...sources]) s.destroy();
    },
  };
}
