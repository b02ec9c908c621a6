import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  CreateScheduleEntryRequest,
  CreateShowRequest,
  IdParams,
  LEADER_ACCEPTED,
  LeaderAccepted,
  PutStationFallbackRequest,
  ScheduleEntry,
  SCHEDULE_PAGE_LIMITS,
  ScheduleItem,
  ScheduleItemsQuery,
  ScheduleQuery,
  ScheduleRefreshRequest,
  ScheduleRefreshResponse,
  ScheduleValidateResponse,
  Show,
  StationFallback,
  StationPageQuery,
  StationQuery,
  UpdateScheduleEntryRequest,
  UpdateShowRequest,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../../plugins/route-helpers.js';
import type { ScheduleService } from './schedule.service.js';
import type { ShowsService } from './shows.service.js';

const tags = ['schedule'];
const { items: ITEMS, lists: LISTS } = SCHEDULE_PAGE_LIMITS;
const NEXT = 'When more rows follow, the `x-next-cursor` response header holds the next `cursor`.';
const PAGED_ITEMS =
  `Items overlapping [start, end): start defaults to now, end to start + 48 h, at most 31 days. ` +
  `Paged by starts_at: ${ITEMS.default} rows by default, at most ${ITEMS.max}. ${NEXT}`;
const PAGED_LIST = `Paged by starts_at: ${LISTS.default} rows by default, at most ${LISTS.max}. ${NEXT}`;

/** The page as the body, its continuation as a header (clients that ignore it keep working). */
function paged<T>(reply: FastifyReply, page: { rows: T[]; next: string | null }): T[] {
  if (page.next !== null) void reply.header('x-next-cursor', page.next);
  return page.rows;
}
const security = bearerSecurity;

const Calendar = z.object({
  station_id: z.string(),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
  days: z.array(
    z.object({ date: z.string(), starts_at: z.string(), ends_at: z.string(), hours: z.number() }),
  ),
  occurrences: z.array(
    z.object({
      kind: z.enum(['show', 'entry']),
      id: z.string(),
      name: z.string().nullable(),
      source: Show.shape.source,
      priority: z.number(),
      recurring: z.boolean(),
      original_starts_at: z.string(),
      starts_at: z.string(),
      ends_at: z.string(),
      moved: z.boolean(),
    }),
  ),
});
const SplitShowRequest = z.object({
  at: z.iso
    .datetime({ offset: true })
    .describe('the original start of the first occurrence the change applies to'),
  changes: UpdateShowRequest.default({}),
});

export function registerScheduleRoutes(app: FastifyInstance, s: ScheduleService): void {
  const r = zodApp(app);
  r.get('/api/v1/schedule', {
    schema: {
      tags,
      security,
      summary: 'What will play, item by item',
      description: PAGED_ITEMS,
      querystring: ScheduleItemsQuery,
      response: { 200: z.array(ScheduleItem), ...errorResponses },
    },
    handler: async (req, reply) => paged(reply, await s.items(ctx(req), req.query)),
  });
  r.get('/api/v1/schedule/entries', {
    schema: {
      tags,
      security,
      description: PAGED_LIST,
      querystring: StationPageQuery,
      response: { 200: z.array(ScheduleEntry), ...errorResponses },
    },
    handler: async (req, reply) => paged(reply, await s.listEntries(ctx(req), req.query)),
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
  r.get('/api/v1/schedule/calendar', {
    schema: {
      tags,
      security,
      summary: 'Show and entry occurrences, and the real length of each local day',
      description: 'RRULEs expanded in the station zone with exceptions applied; at most 31 days.',
      querystring: ScheduleQuery,
      response: { 200: Calendar, ...errorResponses },
    },
    handler: (req) => s.calendar(ctx(req), req.query),
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
      description: PAGED_LIST,
      querystring: StationPageQuery,
      response: { 200: z.array(Show), ...errorResponses },
    },
    handler: async (req, reply) => paged(reply, await s.list(ctx(req), req.query)),
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
  r.post('/api/v1/shows/:id/split', {
    schema: {
      tags: showTags,
      security,
      summary: 'Change this and the following occurrences of a recurring show',
      description:
        'Ends the series before `at` and starts a new show there with `changes` applied, in ' +
        'one transaction (409 with the conflicts when the new series overlaps).',
      params: IdParams,
      body: SplitShowRequest,
      response: { 201: Show, ...errorResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await s.split(ctx(req), req.params.id, req.body.at, req.body.changes)),
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
