import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Clock,
  ClockSimulateRequest,
  CreateClockRequest,
  IdParams,
  ScheduleItem,
  StationQuery,
  UpdateClockRequest,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { ClocksService } from './clocks.service.js';

const tags = ['programming'];
const SimulateResponse = z.object({
  clock_id: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  slots: z.array(z.object({ type: z.string(), starts_at: z.string(), ends_at: z.string() })),
  items: z.array(ScheduleItem),
});

export function registerClockRoutes(app: FastifyInstance, s: ClocksService): void {
  const r = zodApp(app);
  const security = bearerSecurity;
  r.get('/api/v1/clocks', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(Clock), ...errorResponses },
    },
    handler: (req) => s.list(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/clocks', {
    schema: {
      tags,
      security,
      body: CreateClockRequest,
      response: { 201: Clock, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(ctx(req), req.body)),
  });
  r.get('/api/v1/clocks/:id', {
    schema: { tags, security, params: IdParams, response: { 200: Clock, ...errorResponses } },
    handler: (req) => s.get(ctx(req), req.params.id),
  });
  r.patch('/api/v1/clocks/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: UpdateClockRequest,
      response: { 200: Clock, ...errorResponses },
    },
    handler: (req) => s.update(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/clocks/:id', {
    schema: { tags, security, params: IdParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await s.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/clocks/:id/simulate', {
    schema: {
      tags,
      security,
      summary: 'Materialize one hour of the clock without saving anything',
      params: IdParams,
      body: ClockSimulateRequest,
      response: { 200: SimulateResponse, ...errorResponses },
    },
    handler: (req) => s.simulate(ctx(req), req.params.id, req.body),
  });
}
