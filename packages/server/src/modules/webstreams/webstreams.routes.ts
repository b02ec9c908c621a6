import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateWebstreamRequest,
  IdParams,
  StationQuery,
  UpdateWebstreamRequest,
  Webstream,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { WebstreamsService } from './webstreams.service.js';

const tags = ['programming'];
const TestResponse = z.object({
  webstream_id: z.string(),
  checked_at: z.string(),
  /** The first URL in failover order that answered: what the engine would play now. */
  ok_url: z.string().nullable(),
  /** Every URL in order, credentials hidden, with why it failed. */
  results: z.array(z.object({ url: z.string(), ok: z.boolean(), error: z.string().nullable() })),
});

/** CRUD /api/v1/webstreams[/{id}] (API.md): ordered URL list, health, failover. */
export function registerWebstreamRoutes(app: FastifyInstance, s: WebstreamsService): void {
  const r = zodApp(app);
  const security = bearerSecurity;
  r.get('/api/v1/webstreams', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(Webstream), ...errorResponses },
    },
    handler: (req) => s.list(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/webstreams', {
    schema: {
      tags,
      security,
      body: CreateWebstreamRequest,
      response: { 201: Webstream, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(ctx(req), req.body)),
  });
  r.get('/api/v1/webstreams/:id', {
    schema: { tags, security, params: IdParams, response: { 200: Webstream, ...errorResponses } },
    handler: (req) => s.get(ctx(req), req.params.id),
  });
  r.patch('/api/v1/webstreams/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: UpdateWebstreamRequest,
      response: { 200: Webstream, ...errorResponses },
    },
    handler: (req) => s.update(ctx(req), req.params.id, req.body),
  });
  r.post('/api/v1/webstreams/:id/test', {
    schema: {
      tags,
      security,
      summary: 'Opens every URL now and records the health; per-URL results',
      params: IdParams,
      response: { 200: TestResponse, ...errorResponses },
    },
    handler: (req) => s.test(ctx(req), req.params.id),
  });
  r.delete('/api/v1/webstreams/:id', {
    schema: { tags, security, params: IdParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await s.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
