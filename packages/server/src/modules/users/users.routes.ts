import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateUserRequest, IdParams, UpdateUserRequest, User } from '@grimnir/contracts';
import { requirePrincipal, requireRole } from '../../plugins/authenticate.js';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import { toUserResponse, type UsersService } from './users.service.js';

const tags = ['users'];

export function registerUserRoutes(app: FastifyInstance, users: UsersService): void {
  const r = zodApp(app);
  r.get('/api/v1/users/me', {
    schema: { tags, security: bearerSecurity, response: { 200: User, ...errorResponses } },
    handler: async (request) => toUserResponse(await users.get(requirePrincipal(request).userId)),
  });
  r.get('/api/v1/users', {
    schema: { tags, security: bearerSecurity, response: { 200: z.array(User), ...errorResponses } },
    handler: async (request) => {
      requireRole(request, 'admin');
      return (await users.list()).map(toUserResponse);
    },
  });
  r.post('/api/v1/users', {
    schema: {
      tags,
      security: bearerSecurity,
      body: CreateUserRequest,
      response: { 201: User, ...errorResponses },
    },
    handler: async (request, reply) => {
      requireRole(request, 'admin');
      return reply.status(201).send(toUserResponse(await users.create(request.body, ctx(request))));
    },
  });
  r.get('/api/v1/users/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: User, ...errorResponses },
    },
    handler: async (request) => {
      requireRole(request, 'admin');
      return toUserResponse(await users.get(request.params.id));
    },
  });
  r.patch('/api/v1/users/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      body: UpdateUserRequest,
      response: { 200: User, ...errorResponses },
    },
    handler: async (request) => {
      requireRole(request, 'admin');
      return toUserResponse(await users.update(ctx(request), request.params.id, request.body));
    },
  });
  r.delete('/api/v1/users/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      requireRole(request, 'admin');
      await users.remove(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
