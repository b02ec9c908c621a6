import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AddStationMemberRequest,
  CreateMountRequest,
  CreateStationRequest,
  IdParams,
  Mount,
  PutStationMemberRequest,
  Station,
  StationMember,
  UpdateMountRequest,
  UpdateStationRequest,
} from '@grimnir/contracts';
import { notFound } from '../../errors.js';
import { requireRole } from '../../plugins/authenticate.js';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { MembersService } from './members.service.js';
import { toMountResponse, type MountsService } from './mounts.service.js';
import type { StationsService } from './stations.service.js';

const MountParams = z.object({ id: z.uuid(), mountId: z.uuid() });
const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });
const tags = ['stations'];

export function registerStationRoutes(
  app: FastifyInstance,
  d: { stations: StationsService; mounts: MountsService; members: MembersService },
): void {
  const r = zodApp(app);

  r.get('/api/v1/stations', {
    schema: {
      tags,
      summary: 'List stations (public active ones without credentials)',
      response: { 200: z.array(Station), ...errorResponses },
    },
    handler: (request) => d.stations.list(request.principal),
  });

  r.post('/api/v1/stations', {
    schema: {
      tags,
      security: bearerSecurity,
      body: CreateStationRequest,
      response: { 201: Station, ...errorResponses },
    },
    handler: async (request, reply) => {
      requireRole(request, 'manager');
      return reply.status(201).send(await d.stations.create(ctx(request), request.body));
    },
  });

  r.get('/api/v1/stations/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: Station, ...errorResponses },
    },
    handler: (request) => d.stations.get(ctx(request), request.params.id),
  });

  r.patch('/api/v1/stations/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      body: UpdateStationRequest,
      response: { 200: Station, ...errorResponses },
    },
    handler: (request) => d.stations.update(ctx(request), request.params.id, request.body),
  });

  r.delete('/api/v1/stations/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await d.stations.remove(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/stations/:id/mounts', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: z.array(Mount), ...errorResponses },
    },
    handler: async (request) =>
      (await d.mounts.list(ctx(request), request.params.id)).map(toMountResponse),
  });

  r.post('/api/v1/stations/:id/mounts', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      body: CreateMountRequest,
      response: { 201: Mount, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          toMountResponse(await d.mounts.create(ctx(request), request.params.id, request.body)),
        ),
  });

  r.patch('/api/v1/stations/:id/mounts/:mountId', {
    schema: {
      tags,
      security: bearerSecurity,
      params: MountParams,
      body: UpdateMountRequest,
      response: { 200: Mount, ...errorResponses },
    },
    handler: async (request) =>
      toMountResponse(
        await d.mounts.update(
          ctx(request),
          request.params.id,
          request.params.mountId,
          request.body,
        ),
      ),
  });

  r.delete('/api/v1/stations/:id/mounts/:mountId', {
    schema: {
      tags,
      security: bearerSecurity,
      params: MountParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await d.mounts.remove(ctx(request), request.params.id, request.params.mountId);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/stations/:id/members', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: z.array(StationMember), ...errorResponses },
    },
    handler: (request) => d.members.list(ctx(request), request.params.id),
  });

  r.post('/api/v1/stations/:id/members', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'Add a member by username (or change their role)',
      params: IdParams,
      body: AddStationMemberRequest,
      response: { 200: StationMember, ...errorResponses },
    },
    handler: async (request) => {
      const { username, role } = request.body;
      const member = await d.members.add(ctx(request), request.params.id, username, role);
      if (!member) throw notFound('member');
      return member;
    },
  });

  r.put('/api/v1/stations/:id/members/:userId', {
    schema: {
      tags,
      security: bearerSecurity,
      params: MemberParams,
      body: PutStationMemberRequest,
      response: { 200: StationMember, ...errorResponses },
    },
    handler: async (request) => {
      const member = await d.members.put(
        ctx(request),
        request.params.id,
        request.params.userId,
        request.body.role,
      );
      if (!member) throw notFound('member');
      return member;
    },
  });

  r.delete('/api/v1/stations/:id/members/:userId', {
    schema: {
      tags,
      security: bearerSecurity,
      params: MemberParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await d.members.remove(ctx(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  });
}
