import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorResponse, SLUG_PATTERN } from '@grimnir/contracts';
import { AppError, notFound } from '../../errors.js';
import { zodApp } from '../../plugins/route-helpers.js';
import type { MountBroadcast } from './broadcast.js';
import { playlistContentType, playlistText, splitPlaylistSuffix } from './playlists.js';
import type { BroadcastRegistry } from './registry.js';
import { streamResponseHead } from './response-head.js';
import { takeSocketFromHttp } from './socket-handoff.js';

interface ListenerRouteOptions {
  /**
   * How long a listener who arrives before the mount has any audio is held before a 503. Held,
   * not refused at once: a player started together with the station (or during an engine
   * restart) then simply starts playing instead of showing an error.
   */
  offlineWaitMs?: number;
}

// Mount names are slugs (see contracts Slug) plus an optional .m3u/.pls suffix; anything else,
// NUL bytes included, is refused before it reaches the database.
const Params = z.object({ mount: z.string().min(1).max(80).regex(SLUG_PATTERN) });
const offline = () =>
  new AppError(503, 'mount_offline', 'nothing is being broadcast on this mount yet; retry shortly');

/** Resolves when the hub has data (true), or on timeout / client gone / hub closed (false). */
function waitForData(hub: MountBroadcast, socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      cancel();
      socket.off('close', onClose);
      resolve(ok);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    const cancel = hub.onNextData(() => done(!hub.closed));
    socket.once('close', onClose);
  });
}

function startStream(
  request: FastifyRequest,
  reply: FastifyReply,
  hub: MountBroadcast,
  registry: BroadcastRegistry,
): void {
  const icy = request.headers['icy-metadata'] === '1' && hub.icyCapable;
  void reply.hijack();
  const socket = request.raw.socket;
  socket.setTimeout(0);
  socket.setNoDelay(true);
  socket.write(
    streamResponseHead(hub.format, {
      httpVersion: request.raw.httpVersion === '1.0' ? '1.0' : '1.1',
      icyMetaint: icy ? hub.metaint : undefined,
      requestId: request.id,
    }),
  );
  if (request.method === 'HEAD') {
    socket.end();
    return;
  }
  // The handoff also ignores errors (ECONNRESET from a vanished player): 'close' follows them.
  takeSocketFromHttp(request.raw, reply.raw);
  const listener = hub.attach(socket, { icy });
  // request.ip honours the trusted proxy's X-Forwarded-For: behind nginx, the listener's own.
  // 'on', not 'once': a socket closes once, and once's wrapper was ~150 B per listener.
  socket.on(
    'close',
    registry.joined(hub, listener, {
      address: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    }),
  );
}

/** `GET|HEAD /stream/{mount}` and `/live/{mount}` (+ `.m3u`/`.pls`): the listener side. */
export function registerListenerRoutes(
  app: FastifyInstance,
  registry: BroadcastRegistry,
  opts: ListenerRouteOptions = {},
): void {
  const r = zodApp(app);
  const offlineWaitMs = opts.offlineWaitMs ?? 5000;
  for (const prefix of ['stream', 'live'] as const) {
    for (const method of ['GET', 'HEAD'] as const)
      r.route({
        method,
        url: `/${prefix}/:mount`,
        exposeHeadRoute: false,
        schema: {
          // HEAD answers carry no body, so the API document lists the GET only.
          hide: method === 'HEAD',
          tags: ['listeners'],
          summary: `Listener stream of a mount (${prefix}); \`.m3u\`/\`.pls\` suffix for a playlist`,
          params: Params,
          response: { 404: ErrorResponse, 503: ErrorResponse },
        },
        handler: async (request, reply) => {
          const name = request.params.mount;
          const hub = await registry.lookup(name);
          if (hub === undefined) {
            const pl = splitPlaylistSuffix(name);
            const base = pl && (await registry.lookup(pl.base));
            if (pl === undefined || base === undefined) throw notFound('mount');
            const url = `${request.protocol}://${request.host}/${prefix}/${encodeURIComponent(pl.base)}`;
            void reply
              .header('content-type', `${playlistContentType[pl.kind]}; charset=utf-8`)
              .header('cache-control', 'no-cache');
            // Plain text (no 200 schema): the base reply type, not the zod-typed JSON one.
            const plain: FastifyReply = reply;
            return plain.send(playlistText(pl.kind, url, base.format.name));
          }
          if (!hub.hasData) {
            const ready =
              request.method === 'GET' &&
              (await waitForData(hub, request.raw.socket, offlineWaitMs));
            if (request.raw.socket.destroyed) return reply.hijack();
            if (!ready) {
              void reply.header('retry-after', '5').header('cache-control', 'no-cache, no-store');
              throw offline();
            }
          }
          startStream(request, reply, hub, registry);
          return reply;
        },
      });
  }
  app.addHook('preClose', (done) => {
    // Streams never end on their own; close them or server.close() would wait forever.
    registry.closeAll();
    done();
  });
}
