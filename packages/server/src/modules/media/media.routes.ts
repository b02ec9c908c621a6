import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import {
  ErrorResponse,
  MediaIdParamsSchema,
  MediaListQuerySchema,
  MediaListResponseSchema,
  MediaPatchSchema,
  MediaSchema,
  MediaUploadFieldsSchema,
  MediaWaveformSchema,
  type Media,
} from '@grimnir/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, badRequest, validationError } from '../../errors.js';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import { contentRange, parseRange } from './http-range.js';
import { libraryRoutes } from './media-library.routes.js';
import type { ReceivedFile } from './media-receive.js';
import type { MediaService } from './media.service.js';

const tags = ['media'];
const params = MediaIdParamsSchema;

// Text fields are tiny; the one file part is bounded by our own byte counter (busboy's limit is
// one byte above it, so an oversized file still reaches the counter and is refused, not truncated).
const partLimits = (maxBytes: number) => ({
  fileSize: maxBytes + 1,
  files: 1,
  fields: 30,
  fieldSize: 8 * 1024,
  parts: 32,
});

/** A part we refuse must still be read, or the parser never reaches the end of the body. */
async function drain(part: MultipartFile): Promise<void> {
  part.file.resume();
  await finished(part.file);
}

/**
 * Busboy reports a broken body (no boundary, truncated part, bad header) as a plain Error. Those
 * are the client's fault, so 400 rather than 500. Our own AppErrors, the plugin's limit errors
 * (which carry a status) and filesystem errors (which carry a syscall) keep their meaning.
 */
function isParserError(err: unknown): err is Error {
  return (
    err instanceof Error &&
    !(err instanceof AppError) &&
    !('statusCode' in err) &&
    !('syscall' in err)
  );
}

const stationIdSchema = MediaUploadFieldsSchema.shape.station_id;
const UploadQuery = z.object({ station_id: stationIdSchema.optional() });

/**
 * The station an upload is for, known before its file part: from the query string or a
 * `station_id` field sent earlier. Without it the upload is refused before a byte is stored,
 * so the role check always comes first (issue 11: no file on disk for a refused caller).
 */
function stationBeforeFile(query: string | undefined, fields: Record<string, string>): string {
  const field = fields.station_id;
  if (field !== undefined) {
    const parsed = stationIdSchema.safeParse(field);
    if (!parsed.success) throw validationError('invalid upload fields', parsed.error.issues);
    if (query !== undefined && query !== parsed.data)
      throw badRequest('station_id in the query and in the form differ');
    return parsed.data;
  }
  if (query === undefined)
    throw badRequest('send station_id before the file part, or as ?station_id= in the URL');
  return query;
}

function uploadHandler(media: MediaService) {
  return async (
    request: FastifyRequest<{ Querystring: z.output<typeof UploadQuery> }>,
    reply: FastifyReply,
  ): Promise<Media> => {
    const c = ctx(request);
    if (!request.isMultipart()) throw badRequest('expected multipart/form-data with a "file" part');
    const fields: Record<string, string> = {};
    let received: ReceivedFile | undefined;
    let filename: string | undefined;
    let release: (() => void) | undefined;
    try {
      release = media.beginUpload(c);
      for await (const part of request.parts({ limits: partLimits(media.maxUploadBytes) })) {
        if (part.type === 'field') {
          if (typeof part.value !== 'string')
            throw badRequest(`field "${part.fieldname}" must be text`);
          fields[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== 'file' || received) {
          await drain(part);
          throw badRequest('send exactly one file, in the part named "file"');
        }
        // Role and disk space are checked before the first byte of the file is read.
        const station = stationBeforeFile(request.query.station_id, fields);
        fields.station_id = station;
        await media.checkUpload(c, station);
        received = await media.receive(part.file);
        filename = part.filename;
      }
      if (!received) throw badRequest('the multipart part "file" is required');
      const parsed = MediaUploadFieldsSchema.safeParse(fields);
      if (!parsed.success) throw validationError('invalid upload fields', parsed.error.issues);
      const stored = await media.upload(c, {
        received,
        clientFilename: filename,
        fields: parsed.data,
      });
      received = undefined;
      reply.code(201);
      return stored;
    } catch (err) {
      await media.discard(received);
      if (isParserError(err)) throw badRequest(`malformed multipart body: ${err.message}`);
      // The rest of a refused body may still be on its way; closing beats reading it all.
      if (!request.raw.readableEnded) reply.header('connection', 'close');
      throw err;
    } finally {
      release?.();
    }
  };
}

function audioHandler(media: MediaService) {
  return async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const { media: m, path, size } = await media.audio(ctx(request), request.params.id);
    const etag = `"${m.content_hash}"`;
    // If-Range with a stale validator means "send it all": the client's partial copy is outdated.
    const ifRange = request.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === etag
        ? parseRange(request.headers.range, size)
        : ({ kind: 'full' } as const);
    void reply
      .header('accept-ranges', 'bytes')
      .header('etag', etag)
      .header('cache-control', 'private, no-cache');
    switch (range.kind) {
      case 'unsatisfiable':
        return reply.code(416).header('content-range', `bytes */${size}`).send({
          error: 'range_not_satisfiable',
          message: 'the requested range is outside the file',
          request_id: request.id,
        });
      case 'partial':
        return reply
          .code(206)
          .header('content-type', m.mime_type)
          .header('content-range', contentRange(range.start, range.end, size))
          .header('content-length', range.end - range.start + 1)
          .send(createReadStream(path, { start: range.start, end: range.end }));
      case 'full':
        return reply
          .header('content-type', m.mime_type)
          .header('content-length', size)
          .send(createReadStream(path));
    }
  };
}

function routes(app: FastifyInstance, media: MediaService): void {
  const r = zodApp(app);
  const upload = uploadHandler(media);
  for (const url of ['/api/v1/media', '/api/v1/media/upload']) {
    r.post(url, {
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Upload audio: multipart `station_id` (before `file`, or ?station_id=), `file` and optional tag fields',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: {
          201: MediaSchema,
          ...errorResponses,
          413: ErrorResponse,
          415: ErrorResponse,
          429: ErrorResponse,
          507: ErrorResponse,
        },
      },
      handler: upload,
    });
  }

  r.get('/api/v1/media', {
    schema: {
      tags,
      security: bearerSecurity,
      querystring: MediaListQuerySchema,
      response: { 200: MediaListResponseSchema, ...errorResponses },
    },
    handler: (request) => media.list(ctx(request), request.query),
  });

  r.get('/api/v1/media/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params,
      response: { 200: MediaSchema, ...errorResponses },
    },
    handler: (request) => media.get(ctx(request), request.params.id),
  });

  r.patch('/api/v1/media/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params,
      body: MediaPatchSchema,
      response: { 200: MediaSchema, ...errorResponses },
    },
    handler: (request) => media.update(ctx(request), request.params.id, request.body),
  });

  r.delete('/api/v1/media/:id', {
    schema: {
      tags,
      security: bearerSecurity,
      params,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await media.remove(ctx(request), request.params.id);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/media/:id/reanalyze', {
    schema: {
      tags,
      security: bearerSecurity,
      summary:
        'Analyse again (DJ or manager): resets the decoder-failure count; a file fenced from ' +
        'playout returns to rotation once this analysis succeeds',
      params,
      response: { 202: MediaSchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await media.reanalyze(ctx(request), request.params.id)),
  });

  r.get('/api/v1/media/:id/audio', {
    schema: {
      tags,
      security: bearerSecurity,
      summary: 'The original file; supports Range requests',
      params,
    },
    handler: audioHandler(media),
  });

  r.get('/api/v1/media/:id/artwork', {
    schema: { tags, security: bearerSecurity, summary: 'Cover art embedded in the file', params },
    handler: async (request, reply) => {
      const art = await media.artwork(ctx(request), request.params.id);
      return reply
        .header('content-type', art.mime)
        .header('cache-control', 'private, max-age=3600')
        .send(createReadStream(art.path));
    },
  });

  r.get('/api/v1/media/:id/waveform', {
    schema: {
      tags,
      security: bearerSecurity,
      summary:
        'Peaks from the analysis; 409 analysis_pending until the engine has analysed the item',
      params,
      response: { 200: MediaWaveformSchema, ...errorResponses },
    },
    handler: (request) => media.waveform(ctx(request), request.params.id),
  });
}

/**
 * Media routes in their own encapsulated scope, so multipart parsing is enabled only here and
 * every other route keeps refusing multipart bodies with 415.
 */
export function registerMediaRoutes(app: FastifyInstance, d: { media: MediaService }): void {
  void app.register(async (scope) => {
    await scope.register(multipart);
    routes(scope, d.media);
    libraryRoutes(scope, d.media);
  });
}
