import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

interface LiveSourceFronts {
  /** Accepts Icecast-protocol sources (SOURCE, PUT /live/…) on the given HTTP server. */
  start(server: Server): void;
}

const NOT_HERE =
  'This port takes live sources only (Icecast SOURCE or PUT /live/<mount>); ' +
  'listeners, the API and the dashboard are on the main port.\n';

/**
 * The optional dedicated source port (GRIMNIR_LIVE_PORT, e.g. 8001 in the guide's Icecast range):
 * DJ software speaking the Icecast protocol (BUTT, Mixxx, icecast:// URLs) cannot pass the
 * guide's nginx, and the guide binds the main port to localhost. Sources are served by the same
 * live module as on the main port; anything else is answered with a pointer, never the API.
 * TLS is left to a TCP (stream) proxy in front (deploy/nginx/grimnir-live-stream.conf).
 */
export async function startLivePort(
  config: Config['live'],
  live: LiveSourceFronts,
  log: Logger,
): Promise<Server | undefined> {
  if (config.port === undefined) return undefined;
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(NOT_HERE);
  });
  live.start(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  log.info({ bind: config.bind, port: config.port }, 'live source port listening');
  return server;
}

export function closeLivePort(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
