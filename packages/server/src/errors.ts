/**
 * Typed errors thrown by services; one handler (plugins/error-handler.ts) turns them into
 * `{ error, message, request_id }`. Codes are snake_case and stable: clients switch on them.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);
export const validationError = (message: string, details?: unknown) =>
  new AppError(400, 'validation_error', message, details);
export const unauthorized = (message = 'authentication required') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'you may not do this') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message);
export const unsupportedMediaType = (message: string) =>
  new AppError(415, 'unsupported_media_type', message);
export const tooManyRequests = (message = 'too many requests, slow down') =>
  new AppError(429, 'rate_limited', message);
