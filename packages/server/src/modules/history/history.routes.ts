import type { FastifyInstance } from 'fastify';
import { HistoryPage, HistoryQuery, IdParams } from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { HistoryService } from './history.service.js';

export function registerHistoryRoutes(app: FastifyInstance, history: HistoryService): void {
  zodApp(app).get('/api/v1/stations/:id/history', {
    schema: {
      tags: ['playout'],
      summary:
        'Plays as heard, newest first; keyset-paged by start time (`before` = the previous page’s `next_before`, or `after` for what is new)',
      security: bearerSecurity,
      params: IdParams,
      querystring: HistoryQuery,
      response: { 200: HistoryPage, ...errorResponses },
    },
    handler: (request) => history.page(ctx(request), request.params.id, request.query),
  });
}
