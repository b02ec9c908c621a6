import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, dependencyUnavailable, unavailableDependency } from '../errors.js';
import type { Outages } from '../infra/outages.js';

interface ErrorBody {
  error: string;
  message: string;
  request_id: string;
  details?: unknown;
}

/** Maps Fastify's own error codes (parsing, limits) to our snake_case codes. */
function fromFastifyError(
  err: FastifyError,
): { status: number; code: string; message: string } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: 'request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'unsupported Content-Type' };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: 'expected multipart/form-data',
      };
    default:
      return undefined;
  }
}

export function registerErrorHandlers(app: FastifyInstance, outages: Outages): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const send = (status: number, body: Omit<ErrorBody, 'request_id'>) =>
      reply.status(status).send({ ...body, request_id: request.id } satisfies ErrorBody);

    if (err instanceof AppError) {
      return send(err.statusCode, {
        error: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message,
      }));
      return send(400, {
        error: 'validation_error',
        message: `invalid ${err.validationContext ?? 'request'}: ${details
          .map((d) => `${d.path} ${d.message ?? ''}`.trim())
          .slice(0, 5)
          .join('; ')}`,
        details,
      });
    }
    const mapped = fromFastifyError(err);
    if (mapped) return send(mapped.status, { error: mapped.code, message: mapped.message });
    if (err.statusCode === 429) {
      return send(429, { error: 'rate_limited', message: 'too many requests, slow down' });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, { error: 'bad_request', message: err.message });
    }
    // A database or Redis outage is named, once in the log (outages) and in every answer.
    const dep = unavailableDependency(err);
    if (dep) {
      outages.down(dep, err);
      const e = dependencyUnavailable(dep);
      return send(e.statusCode, { error: e.code, message: e.message });
    }
    // 5xx never leaks internals: the log has the stack, the client has the request id.
    request.log.error({ err }, 'unhandled error');
    return send(500, { error: 'internal_error', message: 'internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: 'not_found',
      message: `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`,
      request_id: request.id,
    });
  });
}
