import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateSmartBlockRequest,
  IdParams,
  SmartBlock,
  SmartBlockPreviewRequest,
  SmartBlockPreviewResponse,
  StationQuery,
  UpdateSmartBlockRequest,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { SmartBlocksService } from './smart-blocks.service.js';

const tags = ['programming'];

export function registerSmartBlockRoutes(app: FastifyInstance, s: SmartBlocksService): void {
  const r = zodApp(app);
  const security = bearerSecurity;
  r.get('/api/v1/smart-blocks', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(SmartBlock), ...errorResponses },
    },
    handler: (req) => s.list(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/smart-blocks', {
    schema: {
      tags,
      security,
      body: CreateSmartBlockRequest,
      response: { 201: SmartBlock, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(ctx(req), req.body)),
  });
  r.get('/api/v1/smart-blocks/:id', {
    schema: { tags, security, params: IdParams, response: { 200: SmartBlock, ...errorResponses } },
    handler: (req) => s.get(ctx(req), req.params.id),
  });
  r.patch('/api/v1/smart-blocks/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: UpdateSmartBlockRequest,
      response: { 200: SmartBlock, ...errorResponses },
    },
    handler: (req) => s.update(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/smart-blocks/:id', {
    schema: { tags, security, params: IdParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await s.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/smart-blocks/:id/preview', {
    schema: {
      tags,
      security,
      summary: 'Run the block without saving: tracks with the reason each was chosen',
      params: IdParams,
      body: SmartBlockPreviewRequest,
      response: { 200: SmartBlockPreviewResponse, ...errorResponses },
    },
    handler: (req) => s.preview(ctx(req), req.params.id, req.body),
  });
}
