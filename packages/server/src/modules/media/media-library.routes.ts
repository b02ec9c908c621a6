import {
  MediaBulkPatchResponseSchema,
  MediaBulkPatchSchema,
  MediaDuplicatesQuerySchema,
  MediaDuplicatesResponseSchema,
  MediaFacetQuerySchema,
  MediaFacetResponseSchema,
} from '@grimnir/contracts';
import type { FastifyInstance } from 'fastify';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { MediaService } from './media.service.js';

const tags = ['media'];

/** The library's views and bulk edit; static paths win over `/api/v1/media/:id`. */
export function libraryRoutes(app: FastifyInstance, media: MediaService): void {
  const r = zodApp(app);

  r.get('/api/v1/media/duplicates', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'Items that look like the same recording (title, artist, duration to the second)',
      querystring: MediaDuplicatesQuerySchema,
      response: { 200: MediaDuplicatesResponseSchema, ...errorResponses },
    },
    handler: (request) => media.duplicates(ctx(request), request.query),
  });

  r.get('/api/v1/media/facets', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'Distinct artists, albums, genres or tags with counts, for filter pickers',
      querystring: MediaFacetQuerySchema,
      response: { 200: MediaFacetResponseSchema, ...errorResponses },
    },
    handler: (request) => media.facet(ctx(request), request.query),
  });

  r.patch('/api/v1/media', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'One change to many items of a station (all or nothing)',
      body: MediaBulkPatchSchema,
      response: { 200: MediaBulkPatchResponseSchema, ...errorResponses },
    },
    handler: async (request) => ({ items: await media.bulkUpdate(ctx(request), request.body) }),
  });
}
