import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Metrics } from '../infra/metrics.js';
import type { Outages } from '../infra/outages.js';
import { AccessLogController, registerAccessLog } from '../plugins/access-log.js';
import { registerErrorHandlers } from '../plugins/error-handler.js';
import { memoizeFrozen } from '../plugins/frozen-serializer.js';
import { registerHttpMetrics } from '../plugins/http-metrics.js';
import type { FastPaths } from '../plugins/fast-path.js';
import { registerNulGuard } from '../plugins/nul-guard.js';
import { registerOpenApi } from '../plugins/openapi.js';
import { requestIdOf } from '../plugins/request-id.js';
import { registerRouteRegistry } from '../plugins/route-registry.js';
import { registerSecurity } from '../plugins/security.js';
import { registerWebConsole } from '../plugins/web-console.js';

/** The Fastify instance with the cross-cutting plugins every route relies on. */
export async function createHttpServer(d: {
  config: Config;
  log: FastifyBaseLogger;
  metrics: Metrics;
  outages: Outages;
  /** Paths answered before Fastify routes a request (the health probe). */
  fastPaths: FastPaths;
}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: d.log,
    trustProxy: d.config.http.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    logController: new AccessLogController(),
    routerOptions: { maxParamLength: 200 },
  });
  d.fastPaths.install(app.server);
  // Fastify answers 503 from the moment it starts closing; so must the fast paths.
  app.addHook('preClose', (done) => {
    d.fastPaths.close();
    done();
  });
  registerRouteRegistry(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(memoizeFrozen(serializerCompiler));
  app.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerErrorHandlers(app, d.outages);
  registerAccessLog(app);
  registerHttpMetrics(app, d.metrics);
  registerNulGuard(app);
  await registerSecurity(app, d.config);
  await registerOpenApi(app);
  // Before authentication: its onRequest hook marks upgrade requests, so a refused upgrade
  // (bad token → 401 from the auth hook) still gets its socket closed after the response.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // The operators' console at `/` (a catch-all GET below every API and stream route).
  await registerWebConsole(app);
  return app;
}
