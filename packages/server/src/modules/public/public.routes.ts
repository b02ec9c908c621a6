import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AzuraNowPlaying,
  AzuraScheduleItem,
  ErrorResponse,
  IcecastStatus,
} from '@grimnir/contracts';
import { AppError } from '../../errors.js';
import { zodApp } from '../../plugins/route-helpers.js';
import { DEFAULT_ART_SVG } from './default-art.js';
import type { NowPlayingPush } from './nowplaying-push.js';
import type { PublicStation } from './public.repository.js';
import type { PublicService } from './public.service.js';

const tags = ['public'];
const StationRef = z.object({
  station: z.string().min(1).max(100).describe('The station short code (slug) or its id'),
});
const ArtParams = StationRef.extend({ media: z.string().min(1).max(64) });
const notFoundOnly = { 404: ErrorResponse, 429: ErrorResponse };
const ScheduleQuery = z.object({
  rows: z.coerce.number().int().min(1).max(500).default(100),
});

/** Where listeners reach us: scheme and host as the request (or the trusted proxy) says. */
const baseOf = (r: FastifyRequest): string => `${r.protocol}://${r.host}`;

/**
 * Anyone's, from any site: widgets and players on other origins read these with XHR and show
 * the art in <img>, so they relax CORS and the resource policy (never with credentials).
 */
function openToAll(reply: FastifyReply, maxAge = 0): void {
  void reply
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache');
}

interface PushLimits {
  perAddress: number;
  total: number;
}

/**
 * The listeners' side of the API, without credentials and only for public, active stations:
 * AzuraCast's now-playing documents (so existing widgets work unchanged), cover art, a live
 * push by Server-Sent Events, and Icecast's `/status-json.xsl`.
 */
export function registerPublicRoutes(
  app: FastifyInstance,
  svc: PublicService,
  push: NowPlayingPush<PublicStation>,
  limits: PushLimits = { perAddress: 20, total: 5000 },
): void {
  const r = zodApp(app);
  r.get('/api/nowplaying', {
    schema: {
      tags,
      summary: 'Now playing on every public station (AzuraCast-compatible)',
      response: { 200: z.array(AzuraNowPlaying), 429: ErrorResponse },
    },
    handler: async (request, reply) => {
      openToAll(reply);
      return svc.everyStation(baseOf(request));
    },
  });
  r.get('/api/nowplaying/:station', {
    schema: {
      tags,
      summary: 'Now playing on one public station (AzuraCast-compatible)',
      params: StationRef,
      response: { 200: AzuraNowPlaying, ...notFoundOnly },
    },
    handler: async (request, reply) => {
      openToAll(reply);
      return svc.nowPlaying(request.params.station, baseOf(request));
    },
  });
  r.get('/api/nowplaying/:station/art', {
    schema: { tags, summary: "Redirect to the current track's cover art", params: StationRef },
    handler: async (request, reply) => {
      const doc = await svc.nowPlaying(request.params.station, baseOf(request));
      openToAll(reply);
      return reply.redirect(doc.now_playing?.song.art ?? `${baseOf(request)}/`, 302);
    },
  });
  r.get('/api/station/:station/art/:media', {
    schema: {
      tags,
      summary: "Cover art of a public station's track (`default`: the station's placeholder)",
      params: ArtParams,
      response: notFoundOnly,
    },
    handler: async (request, reply) => {
      const art = await svc.artwork(request.params.station, request.params.media);
      openToAll(reply, 3600);
      // Bytes, not JSON: the base reply type, not the zod-typed one.
      const raw: FastifyReply = reply;
      if (!art) return raw.header('content-type', 'image/svg+xml').send(DEFAULT_ART_SVG);
      return raw.header('content-type', art.mime).send(createReadStream(art.path));
    },
  });
  r.get('/api/station/:station/schedule', {
    schema: {
      tags,
      summary: "A public station's programme, on now and the week ahead (AzuraCast-compatible)",
      params: StationRef,
      querystring: ScheduleQuery,
      response: { 200: z.array(AzuraScheduleItem), 400: ErrorResponse, ...notFoundOnly },
    },
    handler: async (request, reply) => {
      openToAll(reply, 30);
      return svc.schedule(request.params.station, request.query.rows);
    },
  });
  registerPush(app, svc, push, limits);
  r.get('/status-json.xsl', {
    schema: {
      tags,
      summary: "Icecast's status document for the public mounts",
      response: { 200: IcecastStatus, 429: ErrorResponse },
    },
    handler: async (request, reply) => {
      openToAll(reply);
      return svc.icecastStatus(baseOf(request), request.hostname);
    },
  });
}

function registerPush(
  app: FastifyInstance,
  svc: PublicService,
  push: NowPlayingPush<PublicStation>,
  limits: PushLimits,
): void {
  const perAddress = new Map<string, number>();
  const open = new Set<() => void>();
  zodApp(app).get('/api/v1/public/events', {
    schema: {
      tags,
      summary:
        'Server-Sent Events: a `nowplaying` event with the AzuraCast document now and after every change',
      querystring: StationRef,
      response: notFoundOnly,
    },
    handler: async (request, reply) => {
      const station = await svc.find(request.query.station);
      const ip = request.ip;
      if ((perAddress.get(ip) ?? 0) >= limits.perAddress || open.size >= limits.total)
        throw new AppError(429, 'rate_limited', 'too many live now-playing streams; poll instead');
      const base = baseOf(request);
      const first = await svc.document(station, base);
      perAddress.set(ip, (perAddress.get(ip) ?? 0) + 1);
      void reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        'access-control-allow-origin': '*',
        'x-request-id': request.id,
      });
      const send = (doc: unknown) =>
        res.write(`event: nowplaying\ndata: ${JSON.stringify(doc)}\n\n`);
      send(first);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const leave = push.add(station, base, send);
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        leave();
        const n = (perAddress.get(ip) ?? 1) - 1;
        if (n > 0) perAddress.set(ip, n);
        else perAddress.delete(ip);
        res.end();
      };
      open.add(end);
      request.raw.socket.once('close', end);
    },
  });
  app.addHook('preClose', (done) => {
    // Pushes never end on their own; end them or server.close() would wait for them.
    for (const end of [...open]) end();
    push.close();
    done();
  });
}
