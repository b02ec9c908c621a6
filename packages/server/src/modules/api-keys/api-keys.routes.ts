import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiKey, CreateApiKeyRequest, CreatedApiKey, IdParams } from '@grimnir/contracts';
import { requirePrincipal } from '../../plugins/authenticate.js';
import { bearerSecurity, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { ApiKeysService } from './api-keys.service.js';

const tags = ['auth'];

export function registerApiKeyRoutes(app: FastifyInstance, keys: ApiKeysService): void {
  const r = zodApp(app);
  r.get('/api/v1/api-keys', {
    schema: {
      tags,
      security: bearerSecurity,
      response: { 200: z.array(ApiKey), ...errorResponses },
    },
    handler: (request) => keys.list(requirePrincipal(request)),
  });
  r.post('/api/v1/api-keys', {
    schema: {
      tags,
      security: bearerSecurity,
      body: CreateApiKeyRequest,
      response: { 201: CreatedApiKey, ...errorResponses },
    },
    handler: async (request, reply) => {
      const created = await keys.create(
        requirePrincipal(request),
        request.body.name,
        request.body.expires_in_days,
        request.id,
      );
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  });
  r.delete('/api/v1/api-keys/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await keys.revoke(requirePrincipal(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  });
}
