import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  BreakdownQuery,
  BreakdownReport,
  ListenerReport,
  ReportQuery,
  RoyaltyQuery,
  RoyaltyReport,
  TrackPlaysReport,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { FileAnswer, ReportsService } from './reports.service.js';

const CSV_NOTE = '; `format=csv` answers the same rows as a CSV download';

const isFile = (out: object): out is FileAnswer => 'file' in out;

/** JSON answers go through the route's schema; a file is sent as it is, as a download. */
function answer<T extends object>(reply: FastifyReply, out: T | FileAnswer): T | FastifyReply {
  if (!isFile(out)) return out;
  const plain: FastifyReply = reply;
  return plain
    .header('content-type', out.file.contentType)
    .header('content-disposition', `attachment; filename="${out.file.name}"`)
    .header('cache-control', 'no-store')
    .send(out.file.body);
}

/** `/api/v1/reports/*`: listener and royalty reports of one station (manager role). */
export function registerReportRoutes(app: FastifyInstance, reports: ReportsService): void {
  const r = zodApp(app);
  const common = { tags: ['reports'], security: bearerSecurity };
  r.get('/api/v1/reports/listeners', {
    schema: {
      ...common,
      summary: `Listeners over time (average, peak, unique per point) and totals${CSV_NOTE}`,
      querystring: ReportQuery,
      response: { 200: ListenerReport, ...errorResponses },
    },
    handler: async (request, reply) =>
      answer(reply, await reports.listeners(ctx(request), request.query)),
  });
  r.get('/api/v1/reports/breakdown', {
    schema: {
      ...common,
      summary: `Listening by mount, player or country${CSV_NOTE}`,
      querystring: BreakdownQuery,
      response: { 200: BreakdownReport, ...errorResponses },
    },
    handler: async (request, reply) =>
      answer(reply, await reports.breakdown(ctx(request), request.query)),
  });
  r.get('/api/v1/reports/plays', {
    schema: {
      ...common,
      summary: `Each play in the range with the listeners who heard it${CSV_NOTE}`,
      querystring: ReportQuery,
      response: { 200: TrackPlaysReport, ...errorResponses },
    },
    handler: async (request, reply) =>
      answer(reply, await reports.tracks(ctx(request), request.query)),
  });
  r.get('/api/v1/reports/royalties', {
    schema: {
      ...common,
      summary:
        'Plays and aggregate tuning hours per recording; `format=soundexchange` is SoundExchange’s report of use, `csv` a plain CSV',
      querystring: RoyaltyQuery,
      response: { 200: RoyaltyReport, ...errorResponses },
    },
    handler: async (request, reply) =>
      answer(reply, await reports.royalties(ctx(request), request.query)),
  });
}
