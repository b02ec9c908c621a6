import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../infra/metrics.js';

/** Latency by route template (not raw URL, which would explode label cardinality). */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // Long-lived listener streams would swamp the latency quantiles; they have their own metrics.
    if (!route.startsWith('/stream/') && !route.startsWith('/live/')) {
      metrics.httpLatency.observe(
        request.method,
        route,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    }
    done();
  });
}
