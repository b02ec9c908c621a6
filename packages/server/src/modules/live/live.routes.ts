import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CreateLiveTokenRequest,
  CreatedLiveToken,
  ErrorResponse,
  IdParams,
  LiveIngest,
  LiveMetadataQuery,
  LiveSession,
  LiveSessionsQuery,
} from '@grimnir/contracts';
import { AppError } from '../../errors.js';
import { requirePrincipal } from '../../plugins/authenticate.js';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { LiveService } from './live.service.js';
import { parseBasicAuth } from './source-protocol.js';

const tags = ['live'];

const ICECAST_OK =
  '<?xml version="1.0"?>\n<iceresponse><message>Metadata update successful</message><return>1</return></iceresponse>\n';

/**
 * What to paste into DJ software: the host the console reached us at (X-Forwarded-Host when
 * GRIMNIR_TRUST_PROXY) and the port that takes source connections directly — the live port, or
 * the port this server listens on. Never the proxy's port: an HTTP reverse proxy cannot carry a
 * source stream (docs/live.md), and source connections are plain TCP.
 */
function ingestOf(app: FastifyInstance, request: FastifyRequest, opts: LiveRouteOptions) {
  const addr = app.server.address();
  const listening = typeof addr === 'object' && addr !== null ? addr.port : opts.httpPort;
  return { host: request.hostname, port: opts.livePort ?? listening };
}

interface LiveRouteOptions {
  livePort: number | undefined;
  /** GRIMNIR_HTTP_PORT, for when the server is not listening (requests injected in tests). */
  httpPort: number;
}

export function registerLiveRoutes(
  app: FastifyInstance,
  live: LiveService,
  opts: LiveRouteOptions,
): void {
  const r = zodApp(app);
  r.get('/api/v1/live/ingest', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'Host and port DJ software connects to (with a token or DJ credentials)',
      response: { 200: LiveIngest, ...errorResponses },
    },
    handler: (request) => {
      requirePrincipal(request);
      return ingestOf(app, request, opts);
    },
  });
  r.post('/api/v1/live/tokens', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'One-time source password for a DJ (shown once)',
      body: CreateLiveTokenRequest,
      response: { 201: CreatedLiveToken, ...errorResponses },
    },
    handler: async (request, reply) => {
      const created = await live.createToken(ctx(request), request.body);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ ...created, ...ingestOf(app, request, opts) });
    },
  });
  r.get('/api/v1/live/sessions', {
    schema: {
      tags,
      security: bearerSecurity,
      querystring: LiveSessionsQuery,
      response: { 200: z.array(LiveSession), ...errorResponses },
    },
    handler: (request) => live.listSessions(ctx(request), request.query),
  });
  r.get('/api/v1/live/sessions/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: LiveSession, ...errorResponses },
    },
    handler: (request) => live.getSession(ctx(request), request.params.id),
  });
  r.delete('/api/v1/live/sessions/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'Kick a DJ off the air; automation resumes',
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await live.kick(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  // Icecast-compatible title updates from DJ software (BUTT, Mixxx, libshout, ffmpeg users'
  // scripts), authenticated with the same Basic credentials as the source connection.
  r.get('/admin/metadata', {
    schema: {
      tags,
      summary: 'Icecast metadata update (mode=updinfo) for the live source on a mount',
      querystring: LiveMetadataQuery,
      response: { 200: z.string(), ...errorResponses, 503: ErrorResponse },
    },
    handler: async (request, reply) => {
      const creds = parseBasicAuth(request.headers.authorization);
      try {
        await live.updateTitle(request.query.mount, request.query.song, creds, request.ip);
      } catch (err) {
        // libshout sends the update without credentials first and retries on this challenge.
        if (err instanceof AppError && err.statusCode === 401)
          void reply.header('www-authenticate', 'Basic realm="Icecast2 Server"');
        throw err;
      }
      return reply.header('content-type', 'text/xml; charset=utf-8').send(ICECAST_OK);
    },
  });
}
