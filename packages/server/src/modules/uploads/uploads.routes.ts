import { Readable } from 'node:stream';
import { ErrorResponse, MediaSchema } from '@grimnir/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bearerSecurity, ctx, errorResponses, zodApp } from '../../plugins/route-helpers.js';
import type { MediaService } from '../media/index.js';
import { UPLOADS_PATH, type UploadsService } from './uploads.service.js';

const tags = ['uploads'];
const params = z.object({ id: z.string().max(64) });
const TUS_BODY = 'application/offset+octet-stream';

// Error codes for the plain-text errors @tus/server writes itself (offset mismatch, expiry…).
const TUS_CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'offset_mismatch',
  410: 'upload_expired',
  412: 'tus_version_required',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  460: 'checksum_mismatch',
};

/** The Fastify request as a web Request for tus, its body streamed untouched. */
function webRequest(request: FastifyRequest, metadata?: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(request.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  if (metadata !== undefined) headers.set('upload-metadata', metadata);
  const streamed = request.headers['content-type'] === TUS_BODY;
  // Without the query: tus takes the id from the URL's last segment, which must be the very
  // id the guards checked (a query string would become part of it).
  const path = request.url.split('?')[0] ?? '';
  return new Request(`http://upload.invalid${path}`, {
    method: request.method,
    headers,
    ...(streamed && { body: Readable.toWeb(request.raw) as ReadableStream, duplex: 'half' }),
  });
}

/** Writes tus's answer through Fastify, its text errors in our `{error,message,request_id}`. */
async function send(request: FastifyRequest, reply: FastifyReply, res: Response) {
  for (const [k, v] of res.headers)
    if (k !== 'content-length' && k !== 'content-type') void reply.header(k, v);
  const text = await res.text();
  void reply.code(res.status);
  if (res.status < 400) {
    if (text === '') return reply.send();
    return reply.type(res.headers.get('content-type') ?? 'text/plain').send(text);
  }
  const json = 'application/json; charset=utf-8';
  if (text.startsWith('{')) return reply.type(json).send(text);
  // 5xx from tus (a disk error, a client gone mid-body): details stay in the log.
  if (res.status >= 500) request.log.warn({ status: res.status, tus: text.trim() }, 'tus error');
  const body = {
    error: TUS_CODES[res.status] ?? 'internal_error',
    message: res.status >= 500 ? 'the upload could not be written' : text.trim(),
    request_id: request.id,
  };
  return reply.type(json).send(JSON.stringify(body));
}

/** Guards, the per-user upload cap while bytes flow, then tus. */
function tusHandler(
  uploads: UploadsService,
  media: Pick<MediaService, 'beginUpload'>,
  guard: (request: FastifyRequest<{ Params: { id?: string } }>) => Promise<string | undefined>,
) {
  return async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const caller = ctx(request);
    const streamed = request.headers['content-type'] === TUS_BODY;
    let release: (() => void) | undefined;
    try {
      const metadata = await guard(request);
      if (streamed) release = media.beginUpload(caller);
      const res = await uploads.handle(caller, webRequest(request, metadata));
      return await send(request, reply, res);
    } catch (err) {
      // A refused body may still be on its way; closing beats reading it all.
      if (streamed && !request.raw.readableEnded) void reply.header('connection', 'close');
      throw err;
    } finally {
      release?.();
    }
  };
}

const TUS_SUMMARY =
  'tus 1.0 resumable upload (creation, creation-with-upload, termination, expiration)';

function routes(app: FastifyInstance, uploads: UploadsService, media: MediaService): void {
  const r = zodApp(app);
  const access = (writing: boolean) =>
    tusHandler(uploads, media, async (request) => {
      await uploads.authorizeAccess(ctx(request), request.params.id ?? '', writing);
      return undefined;
    });

  r.options(UPLOADS_PATH, {
    schema: { tags, summary: 'tus capabilities: Tus-Version, Tus-Extension, Tus-Max-Size' },
    handler: async (request, reply) =>
      send(request, reply, await uploads.handleOptions(webRequest(request))),
  });
  r.post(UPLOADS_PATH, {
    schema: {
      tags,
      security: bearerSecurity,
      summary: `${TUS_SUMMARY}: create. Upload-Length, Upload-Metadata station_id and filename (base64) plus optional tag fields as in POST /api/v1/media; 201 with Location`,
      response: { ...errorResponses, 413: ErrorResponse, 507: ErrorResponse },
    },
    handler: tusHandler(uploads, media, (request) =>
      uploads.authorizeCreate(ctx(request), {
        metadata: request.headers['upload-metadata'] as string | undefined,
        length: request.headers['upload-length'] as string | undefined,
      }),
    ),
  });
  r.route({
    method: 'HEAD',
    url: `${UPLOADS_PATH}/:id`,
    schema: { tags, security: bearerSecurity, summary: `${TUS_SUMMARY}: offset`, params },
    handler: access(false),
  });
  r.patch(`${UPLOADS_PATH}/:id`, {
    schema: {
      tags,
      security: bearerSecurity,
      summary: `${TUS_SUMMARY}: append bytes at Upload-Offset; the last one answers X-Media-Id`,
      params,
      response: { ...errorResponses, 413: ErrorResponse, 415: ErrorResponse, 507: ErrorResponse },
    },
    handler: access(true),
  });
  r.delete(`${UPLOADS_PATH}/:id`, {
    schema: { tags, security: bearerSecurity, summary: `${TUS_SUMMARY}: cancel`, params },
    handler: access(false),
  });
  r.get(`${UPLOADS_PATH}/:id/media`, {
    schema: {
      tags,
      security: bearerSecurity,
      summary:
        'The media item a finished upload became (409 upload_incomplete while bytes are missing)',
      params,
      response: { 200: MediaSchema, ...errorResponses, 415: ErrorResponse },
    },
    handler: (request) => uploads.media(ctx(request), request.params.id),
  });
}

/**
 * tus routes in their own scope: only here is `application/offset+octet-stream` accepted, and
 * left unread for tus to stream to disk.
 */
export function registerUploadRoutes(
  app: FastifyInstance,
  d: { uploads: UploadsService; media: MediaService },
): void {
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser(TUS_BODY, (_request, _payload, parsed) => parsed(null));
    routes(scope, d.uploads, d.media);
    done();
  });
}
