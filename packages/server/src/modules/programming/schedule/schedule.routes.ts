import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateScheduleEntryRequest,
  CreateShowRequest,
  IdParams,
  LEADER_ACCEPTED,
  LeaderAccepted,
  PutStationFallbackRequest,
  ScheduleEntry,
  ScheduleItem,
  ScheduleQuery,
  ScheduleRefreshRequest,
  ScheduleRefreshResponse,
  ScheduleValidateResponse,
  Show,
  StationFallback,
  StationQuery,
  UpdateScheduleEntryRequest,
  UpdateShowRequest,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { ScheduleService } from './schedule.service.js';
import type { ShowsService } from './shows.service.js';

const tags = ['schedule'];
const security = bearerSecurity;

export function registerScheduleRoutes(app: FastifyInstance, s: ScheduleService): void {
  const r = zodApp(app);
  r.get('/api/v1/schedule', {
    schema: {
      tags,
      security,
      summary: 'What will play, item by item',
      querystring: ScheduleQuery,
      response: { 200: z.array(ScheduleItem), ...errorResponses },
    },
    handler: (req) => s.items(ctx(req), req.query),
  });
  r.get('/api/v1/schedule/entries', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(ScheduleEntry), ...errorResponses },
    },
    handler: (req) => s.listEntries(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/schedule', {
    schema: {
      tags,
      security,
      summary: 'Add an entry (409 with the conflicts when it overlaps)',
      body: CreateScheduleEntryRequest,
      response: { 201: ScheduleEntry, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.createEntry(ctx(req), req.body)),
  });
  r.get('/api/v1/schedule/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      response: { 200: ScheduleEntry, ...errorResponses },
    },
    handler: (req) => s.getEntry(ctx(req), req.params.id, 'viewer'),
  });
  r.patch('/api/v1/schedule/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      body: UpdateScheduleEntryRequest,
      response: { 200: ScheduleEntry, ...errorResponses },
    },
    handler: (req) => s.updateEntry(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/schedule/:id', {
    schema: { tags, security, params: IdParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await s.deleteEntry(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/schedule/refresh', {
    schema: {
      tags,
      security,
      summary: 'Rebuild the station’s plan now',
      body: ScheduleRefreshRequest,
      response: { 200: ScheduleRefreshResponse, 202: LeaderAccepted, ...errorResponses },
    },
    handler: async (req, reply) => {
      const r = await s.refresh(ctx(req), req.body.station_id);
      return r === 'accepted' ? reply.status(202).send(LEADER_ACCEPTED) : r;
    },
  });
  r.get('/api/v1/schedule/validate', {
    schema: {
      tags,
      security,
      summary: 'Gaps and overlaps in the window',
      querystring: ScheduleQuery,
      response: { 200: ScheduleValidateResponse, ...errorResponses },
    },
    handler: (req) => s.validate(ctx(req), req.query),
  });
  r.get('/api/v1/schedule/fallback', {
    schema: {
      tags,
      security,
      querystring: StationQuery,
      response: { 200: StationFallback, ...errorResponses },
    },
    handler: (req) => s.getFallback(ctx(req), req.query.station_id),
  });
  r.put('/api/v1/schedule/fallback', {
    schema: {
      tags,
      security,
      summary: 'The programme that fills every uncovered minute',
      body: PutStationFallbackRequest,
      response: { 200: StationFallback, ...errorResponses },
    },
    handler: (req) => s.putFallback(ctx(req), req.body.station_id, req.body.source),
  });
}

export function registerShowRoutes(app: FastifyInstance, s: ShowsService): void {
  const r = zodApp(app);
  const showTags = ['shows'];
  r.get('/api/v1/shows', {
    schema: {
      tags: showTags,
      security,
      querystring: StationQuery,
      response: { 200: z.array(Show), ...errorResponses },
    },
    handler: (req) => s.list(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/shows', {
    schema: {
      tags: showTags,
      security,
      body: CreateShowRequest,
      response: { 201: Show, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(ctx(req), req.body)),
  });
  r.get('/api/v1/shows/:id', {
    schema: {
      tags: showTags,
      security,
      params: IdParams,
      response: { 200: Show, ...errorResponses },
    },
    handler: (req) => s.get(ctx(req), req.params.id),
  });
  r.patch('/api/v1/shows/:id', {
    schema: {
      tags: showTags,
      security,
      params: IdParams,
      body: UpdateShowRequest,
      response: { 200: Show, ...errorResponses },
    },
    handler: (req) => s.update(ctx(req), req.params.id, req.body),
  });
  r.delete('/api/v1/shows/:id', {
    schema: {
      tags: showTags,
      security,
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await s.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
