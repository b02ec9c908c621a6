import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LoginRequest, RefreshRequest, TokenResponse } from '@grimnir/contracts';
import { AppError } from '../../errors.js';
import { errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { AuthService } from './auth.service.js';

const tags = ['auth'];

export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  const r = zodApp(app);
  r.post('/api/v1/auth/login', {
    schema: {
      tags,
      summary: 'Log in with username or email',
      body: LoginRequest,
      response: { 200: TokenResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      try {
        return await auth.login(request.body.username, request.body.password, {
          ip: request.ip,
          requestId: request.id,
        });
      } catch (err) {
        const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (err instanceof AppError && retry !== undefined)
          void reply.header('retry-after', String(retry));
        throw err;
      }
    },
  });
  r.post('/api/v1/auth/refresh', {
    schema: { tags, body: RefreshRequest, response: { 200: TokenResponse, ...errorResponses } },
    handler: (request) => auth.refresh(request.body.refresh_token),
  });
  r.post('/api/v1/auth/logout', {
    schema: { tags, body: RefreshRequest, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      await auth.logout(request.body.refresh_token);
      return reply.status(204).send(null);
    },
  });
}
