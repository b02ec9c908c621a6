import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  EmergencyInsertRequest,
  IdParams,
  LEADER_ACCEPTED,
  LeaderAccepted,
  NowPlaying,
  PlayoutState,
  PriorityCurrent,
  PrioritySource,
  QueueAddRequest,
  QueueItem,
  QueueReorderRequest,
  StationIdBody,
  StationIdQuery,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { PlayoutService } from './playout.service.js';

const tags = ['playout'];

export function registerPlayoutRoutes(app: FastifyInstance, svc: PlayoutService): void {
  const r = zodApp(app);

  r.post('/api/v1/priority/emergency', {
    schema: {
      tags,
      summary:
        'Put an emergency message on air: 201 once the engine acknowledged, 202 (on_air false) when no leader could be reached in time',
      security: bearerSecurity,
      body: EmergencyInsertRequest,
      response: { 201: PrioritySource, 202: PrioritySource, ...errorResponses },
    },
    handler: async (request, reply) => {
      const r = await svc.emergency(ctx(request), request.body.station_id, request.body.media_id);
      return reply.status(r.applied === 'accepted' ? 202 : 201).send(r.source);
    },
  });

  r.delete('/api/v1/priority/:id', {
    schema: {
      tags,
      summary: 'Release a priority source; the tier below resumes at the time-correct position',
      security: bearerSecurity,
      params: IdParams,
      response: { 204: z.null(), 202: LeaderAccepted, ...errorResponses },
    },
    handler: async (request, reply) =>
      (await svc.release(ctx(request), request.params.id)) === 'accepted'
        ? reply.status(202).send(LEADER_ACCEPTED)
        : reply.status(204).send(null),
  });

  r.get('/api/v1/priority/current', {
    schema: {
      tags,
      security: bearerSecurity,
      querystring: StationIdQuery,
      response: { 200: PriorityCurrent, ...errorResponses },
    },
    handler: (request) => svc.current(ctx(request), request.query.station_id),
  });

  r.get('/api/v1/stations/:id/now-playing', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 200: NowPlaying, ...errorResponses },
    },
    handler: (request) => svc.stationNowPlaying(ctx(request), request.params.id),
  });

  r.get('/api/v1/public/now-playing', {
    schema: {
      tags,
      summary: 'Now playing on a public station (no credentials)',
      querystring: StationIdQuery,
      response: { 200: NowPlaying, ...errorResponses },
    },
    handler: (request) => svc.publicNowPlaying(request.query.station_id),
  });

  r.post('/api/v1/playout/skip', {
    schema: {
      tags,
      security: bearerSecurity,
      body: StationIdBody,
      response: { 204: z.null(), 202: LeaderAccepted, ...errorResponses },
    },
    handler: async (request, reply) =>
      (await svc.skip(ctx(request), request.body.station_id)) === 'accepted'
        ? reply.status(202).send(LEADER_ACCEPTED)
        : reply.status(204).send(null),
  });

  r.get('/api/v1/playout/queue', {
    schema: {
      tags,
      security: bearerSecurity,
      querystring: StationIdQuery,
      response: { 200: z.array(QueueItem), ...errorResponses },
    },
    handler: (request) => svc.listQueue(ctx(request), request.query.station_id),
  });

  r.post('/api/v1/playout/queue', {
    schema: {
      tags,
      summary: 'Add a media item to the play-next queue',
      security: bearerSecurity,
      body: QueueAddRequest,
      response: { 201: QueueItem, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await svc.enqueue(ctx(request), request.body.station_id, request.body.media_id)),
  });

  r.put('/api/v1/playout/queue/order', {
    schema: {
      tags,
      summary:
        'Reorder the play-next queue: ids in the new order, previous_ids as last read (409 queue_changed when the queue changed since)',
      security: bearerSecurity,
      body: QueueReorderRequest,
      response: { 200: z.array(QueueItem), ...errorResponses },
    },
    handler: (request) =>
      svc.reorderQueue(
        ctx(request),
        request.body.station_id,
        request.body.ids,
        request.body.previous_ids,
      ),
  });

  r.delete('/api/v1/playout/queue/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await svc.dequeue(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  for (const action of ['stop', 'start'] as const)
    r.post(`/api/v1/stations/:id/playout/${action}`, {
      schema: {
        tags,
        summary: action === 'stop' ? 'Take the station off air' : 'Put the station back on air',
        security: bearerSecurity,
        params: IdParams,
        response: { 200: PlayoutState, ...errorResponses },
      },
      handler: (request) => svc.setEnabled(ctx(request), request.params.id, action === 'start'),
    });
}
