import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../infra/metrics.js';
import { requestIdOf } from './request-id.js';

/** What a fast path answers: a status and the JSON text of its body. */
export interface FastAnswer {
  code: number;
  json: string;
}

/**
 * Exact `GET` paths answered before Fastify routes the request: the load balancer's health
 * probe, polled by every balancer and orchestrator in front of every replica. Fastify's routing,
 * hooks and per-request logger cost more than the probe's answer (issue 15 measured /healthz at
 * 0.42× a bare Fastify hello-world). The answer gets what a probe's reply needs: its headers
 * (security.ts PROBE_HEADERS), the request id (echoed or minted) and the request-latency
 * metric. It is never logged per request (as the Fastify route it mirrors), and has no CORS
 * headers (a browser has no business polling it). The same paths stay registered in Fastify,
 * which answers HEAD, a query string, `inject()` in tests, and the API docs.
 */
export interface FastPaths {
  get(path: string, answer: () => Promise<FastAnswer>): void;
  /**
   * Closing: every request goes to Fastify, which answers 503 while it drains, so a balancer
   * stops sending to this replica (its health probe included).
   */
  close(): void;
  install(server: Server): void;
}

export function createFastPaths(d: {
  headers: Readonly<Record<string, string>>;
  metrics: Pick<Metrics, 'httpLatency'>;
  log: Pick<FastifyBaseLogger, 'error'>;
}): FastPaths {
  const paths = new Map<string, () => Promise<FastAnswer>>();
  let open = true;
  // The fixed headers as one flat list, copied per answer: Node's writeHead takes a list as it
  // is, while an object built with a spread cost ~4 µs more a request (a bare server measured
  // 12 → 17 µs of CPU), a third of the probe's whole answer.
  const fixed: readonly string[] = [
    ...Object.entries(d.headers).flat(),
    'content-type',
    'application/json; charset=utf-8',
  ];

  function reply(res: ServerResponse, code: number, json: string, id: string): void {
    res.writeHead(code, [
      ...fixed,
      'content-length',
      String(Buffer.byteLength(json)),
      'x-request-id',
      id,
    ]);
    res.end(json);
  }

  function serve(
    path: string,
    answer: () => Promise<FastAnswer>,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const started = performance.now();
    const id = requestIdOf(req.headers['x-request-id']);
    answer().then(
      ({ code, json }) => {
        reply(res, code, json, id);
        d.metrics.httpLatency.observe('GET', path, code, (performance.now() - started) / 1000);
      },
      (err: unknown) => {
        // An answer never rejects (its checks time out into "unreachable"); should one, the
        // client gets the API's error shape rather than a hung socket.
        d.log.error({ err, request_id: id, url: path }, 'fast path failed');
        const json = JSON.stringify({
          error: 'internal_error',
          message: 'internal server error',
          request_id: id,
        });
        reply(res, 500, json, id);
        d.metrics.httpLatency.observe('GET', path, 500, (performance.now() - started) / 1000);
      },
    );
  }

  /**
   * Puts the fast paths in front of the server's request handler (Fastify's). Only the server
   * Fastify created gets them: with a host name for an address (`localhost`), Fastify binds a
   * second server for the other address family, which answers every path through Fastify.
   */
  function install(server: Server): void {
    const handlers = server.listeners('request') as ((
      req: IncomingMessage,
      res: ServerResponse,
    ) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url;
      const answer = open && req.method === 'GET' && url !== undefined ? paths.get(url) : undefined;
      if (answer !== undefined && url !== undefined) serve(url, answer, req, res);
      else for (const h of handlers) h(req, res);
    });
  }

  return {
    get(path, answer) {
      paths.set(path, answer);
    },
    close() {
      open = false;
    },
    install,
  };
}
