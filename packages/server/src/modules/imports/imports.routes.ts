import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateImportRequestSchema,
  IdParams,
  ImportFoldersResponseSchema,
  ImportJobSchema,
  StationQuery,
} from '@grimnir/contracts';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { ImportJobs } from './import-jobs.js';

const tags = ['media'];
const security = bearerSecurity;

/** /api/v1/imports: bulk import of a folder under GRIMNIR_IMPORT_ROOT (docs/media-library.md). */
export function registerImportRoutes(app: FastifyInstance, jobs: ImportJobs): void {
  const r = zodApp(app);
  r.get('/api/v1/imports/folders', {
    schema: {
      tags,
      security,
      summary: 'Folders under the import root',
      querystring: StationQuery,
      response: { 200: ImportFoldersResponseSchema, ...errorResponses },
    },
    handler: (req) => jobs.folders(ctx(req), req.query.station_id),
  });
  r.post('/api/v1/imports', {
    schema: {
      tags,
      security,
      summary: 'Import a folder into the station library (a job; poll it for progress)',
      body: CreateImportRequestSchema,
      response: { 202: ImportJobSchema, ...errorResponses },
    },
    handler: async (req, reply) => reply.status(202).send(await jobs.start(ctx(req), req.body)),
  });
  r.get('/api/v1/imports', {
    schema: {
      tags,
      security,
      summary: "This replica's import jobs of a station, newest first",
      querystring: StationQuery,
      response: { 200: z.array(ImportJobSchema), ...errorResponses },
    },
    handler: (req) => jobs.list(ctx(req), req.query.station_id),
  });
  r.get('/api/v1/imports/:id', {
    schema: {
      tags,
      security,
      params: IdParams,
      response: { 200: ImportJobSchema, ...errorResponses },
    },
    handler: (req) => jobs.get(ctx(req), req.params.id),
  });
  r.delete('/api/v1/imports/:id', {
    schema: {
      tags,
      security,
      summary: 'Cancel: stops after the file being copied; what was imported stays',
      params: IdParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await jobs.cancel(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
