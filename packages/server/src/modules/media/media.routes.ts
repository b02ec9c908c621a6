import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import {
  MediaIdParamsSchema,
  MediaListQuerySchema,
  MediaListResponseSchema,
  MediaPatchSchema,
  MediaSchema,
  MediaUploadFieldsSchema,
  MediaWaveformSchema,
  type Media,
  type StationRole,
} from '@grimnir/contracts';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { badRequest, validationError } from '../../errors.js';
import { contentRange, parseRange } from './http-range.js';
import type { ReceivedFile } from './media-receive.js';
import type { MediaRecord } from './media.repository.js';
import type { MediaService } from './media.service.js';

export interface MediaRoutesDeps {
  readonly service: MediaService;
  /** Throws (401/403) unless the caller holds at least `role` on the station. */
  readonly requireStation: (
    request: FastifyRequest,
    stationId: string,
    role: StationRole,
  ) => Promise<void>;
}

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

export const mediaRoutes =
  (deps: MediaRoutesDeps): FastifyPluginAsyncZod =>
  // Registration is synchronous; a plain function returning a promise satisfies the async
  // plugin type without tripping require-await.
  (app) => {
    const { service, requireStation } = deps;

    async function load(
      request: FastifyRequest,
      id: string,
      role: StationRole,
    ): Promise<MediaRecord> {
      const media = await service.requireMedia(id);
      await requireStation(request, media.station_id, role);
      return media;
    }

    async function upload(request: FastifyRequest, reply: FastifyReply): Promise<Media> {
      if (!request.isMultipart())
        throw badRequest('expected multipart/form-data with a "file" part');
      const fields: Record<string, string> = {};
      let received: ReceivedFile | undefined;
      let filename: string | undefined;
      try {
        for await (const part of request.parts({ limits: partLimits(service.maxUploadBytes) })) {
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
          // When station_id precedes the file (as our clients send it), refuse before receiving.
          const early = MediaUploadFieldsSchema.shape.station_id.safeParse(fields.station_id);
          if (early.success) await requireStation(request, early.data, 'dj');
          received = await service.receive(part.file);
          filename = part.filename;
        }
        if (!received) throw badRequest('the multipart part "file" is required');
        const parsed = MediaUploadFieldsSchema.safeParse(fields);
        if (!parsed.success) throw validationError('invalid upload fields', parsed.error.issues);
        await requireStation(request, parsed.data.station_id, 'dj');
        const media = await service.upload({
          received,
          clientFilename: filename,
          fields: parsed.data,
        });
        received = undefined;
        reply.code(201);
        return media;
      } catch (err) {
        await service.discard(received);
        // The rest of a refused body may still be on its way; closing beats reading it all.
        if (!request.raw.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    }

    const uploadSchema = {
      tags: ['media'],
      summary: 'Upload an audio file (multipart: file, station_id, optional tags)',
      consumes: ['multipart/form-data'],
      response: { 201: MediaSchema },
    };
    app.post('/api/v1/media', { schema: uploadSchema }, upload);
    app.post('/api/v1/media/upload', { schema: uploadSchema }, upload);

    app.get(
      '/api/v1/media',
      {
        schema: {
          tags: ['media'],
          querystring: MediaListQuerySchema,
          response: { 200: MediaListResponseSchema },
        },
      },
      async (request) => {
        await requireStation(request, request.query.station_id, 'viewer');
        return service.list(request.query);
      },
    );

    app.get(
      '/api/v1/media/:id',
      { schema: { tags: ['media'], params: MediaIdParamsSchema, response: { 200: MediaSchema } } },
      async (request) => service.toWire(await load(request, request.params.id, 'viewer')),
    );

    app.patch(
      '/api/v1/media/:id',
      {
        schema: {
          tags: ['media'],
          params: MediaIdParamsSchema,
          body: MediaPatchSchema,
          response: { 200: MediaSchema },
        },
      },
      async (request) => service.update(await load(request, request.params.id, 'dj'), request.body),
    );

    app.delete(
      '/api/v1/media/:id',
      { schema: { tags: ['media'], params: MediaIdParamsSchema } },
      async (request, reply) => {
        await service.remove(await load(request, request.params.id, 'manager'));
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/media/:id/audio',
      {
        schema: {
          tags: ['media'],
          summary: 'The original file; supports Range',
          params: MediaIdParamsSchema,
        },
      },
      async (request, reply) => {
        const media = await load(request, request.params.id, 'viewer');
        const { path, size } = await service.audioFile(media);
        const etag = `"${media.content_hash}"`;
        // If-Range with a stale validator means "send it all": the client's partial copy is outdated.
        const ifRange = request.headers['if-range'];
        const range =
          ifRange === undefined || ifRange === etag
            ? parseRange(request.headers.range, size)
            : { kind: 'full' as const };
        reply
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
              .header('content-type', media.mime_type)
              .header('content-range', contentRange(range.start, range.end, size))
              .header('content-length', range.end - range.start + 1)
              .send(createReadStream(path, { start: range.start, end: range.end }));
          case 'full':
            return reply
              .header('content-type', media.mime_type)
              .header('content-length', size)
              .send(createReadStream(path));
        }
      },
    );

    app.get(
      '/api/v1/media/:id/waveform',
      {
        schema: {
          tags: ['media'],
          params: MediaIdParamsSchema,
          response: { 200: MediaWaveformSchema },
        },
      },
      async (request) => service.waveform(await load(request, request.params.id, 'viewer')),
    );

    return Promise.resolve();
  };
