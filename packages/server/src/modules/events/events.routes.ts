import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EVENT_TYPES, ErrorResponse } from '@grimnir/contracts';
import { validationError } from '../../errors.js';
import { requirePrincipal } from '../../plugins/authenticate.js';
import type { Principal } from '../../plugins/principal.js';
import { parseTypes, type Subscription } from './event-filter.js';
import type { EventStream } from './event-stream.js';

const Query = z.object({ types: z.string().max(500).optional(), token: z.string().optional() });

/**
 * `GET /api/v1/events` (WebSocket): `{type, payload}` messages. Credentials by header, API key
 * or `?token=` (browsers cannot set headers on a WebSocket); checked before the upgrade, so a
 * bad token gets a plain 401 response instead of an opened-then-closed socket.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  d: {
    stream: EventStream;
    visibleStationIds: (p: Principal) => Promise<string[] | 'all'>;
  },
): void {
  const pending = new WeakMap<FastifyRequest, { principal: Principal; sub: Subscription }>();
  app.get(
    '/api/v1/events',
    {
      websocket: true,
      schema: {
        tags: ['events'],
        summary: `WebSocket of live events; ?types=${EVENT_TYPES.join(',')}`,
        querystring: Query,
        response: { 401: ErrorResponse, 400: ErrorResponse },
      },
      preHandler: async (request) => {
        const principal = requirePrincipal(request);
        const { types, unknown } = parseTypes(Query.parse(request.query).types, EVENT_TYPES);
        if (unknown.length > 0) throw validationError(`unknown event types: ${unknown.join(', ')}`);
        const visible = await d.visibleStationIds(principal);
        pending.set(request, {
          principal,
          sub: { types, visible: visible === 'all' ? 'all' : new Set(visible) },
        });
      },
    },
    (socket, request) => {
      const p = pending.get(request);
      if (p === undefined) {
        socket.close(1011, 'subscription missing');
        return;
      }
      d.stream.add(socket, p.principal, p.sub);
    },
  );
}
