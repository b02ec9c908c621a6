import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Prometheus scrapes a separate port (:9000) so metrics never share the public listener.
 * `beforeScrape` runs before each rendering (see ops/station-series.ts); if it fails the scrape
 * still answers with what is registered.
 */
export function startMetricsServer(
  registry: Registry,
  host: string,
  port: number,
  beforeScrape: () => Promise<void> = () => Promise.resolve(),
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    beforeScrape()
      .catch(() => undefined)
      .then(() => registry.metrics())
      .then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
