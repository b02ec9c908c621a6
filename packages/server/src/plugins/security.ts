import cors from '@fastify/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Paths that must never be throttled: listeners, DJs, probes. */
const UNLIMITED = ['/stream/', '/live/', '/healthz', '/admin/metadata'];

/**
 * The hardening headers of every API reply. The API serves JSON; the docs page brings its own
 * CSP (swagger-ui staticCSP), the console its own (web-console.ts).
 */
function apiHardeningHeaders(): Record<string, string> {
  return helmetHeaders({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}

/**
 * The headers of the health probe's answer (plugins/fast-path.ts). A load balancer or an
 * orchestrator reads it, never a browser's page: helmet's document headers (framing, referrer,
 * opener, DNS prefetch, HSTS, the legacy IE and Flash ones) protect nothing there, and each costs
 * its validation on every probe (Node's writeHead: ~0.45 µs a header measured on a bare server;
 * on /healthz the eleven, with the object spread that built them, cost 10 µs of its 26). What is
 * kept: no sniffing of the JSON, and no cache between a balancer and the replica answering it.
 */
export const PROBE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  const hardening = apiHardeningHeaders();
  // Routes may override one (public artwork is cross-origin): handlers run after this hook.
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(hardening);
    done();
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'Range'],
      exposedHeaders: ['Content-Range', 'Accept-Ranges', 'Retry-After', 'X-Request-Id'],
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => UNLIMITED.some((p) => request.url.startsWith(p)),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `too many requests, retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}

/**
 * The headers helmet sets under `options`. Without a CSP (no nonces) nothing in helmet's policy
 * depends on the request, so it is run once at start-up and its headers are set on every reply
 * in one call: run per request through Node's setHeader (as @fastify/helmet does) it cost about
 * 25 µs of CPU, as much as the rest of a /healthz answer.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  if (options.contentSecurityPolicy !== false)
    throw new Error('helmetHeaders: a CSP may carry per-request nonces; set it per route');
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err !== undefined) throw new Error('helmet refused its options', { cause: err });
  });
  return headers;
}
