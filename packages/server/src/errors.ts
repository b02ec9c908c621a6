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
export const insufficientStorage = (message: string) =>
  new AppError(507, 'insufficient_storage', message);

/** A dependency whose outage the API names in its 503 (`database_unavailable`, …). */
export type Dependency = 'database' | 'redis';

// Socket errors of a connection that cannot be made or was lost. ioredis never rejects a
// command with these (it retries and then fails with its own errors below), so a bare socket
// error reaching the error handler comes from the database driver (pg connects per pool client).
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// PostgreSQL SQLSTATEs of an unusable server: connection exceptions (class 08), shutdown and
// start-up (57P01-57P03), too many connections (53300).
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
// pg's own messages for a connection that ended or never came.
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;
// better-sqlite3 (SqliteError.code): the file cannot be opened, read or written, or stays locked.
const SQLITE_UNAVAILABLE =
  /^SQLITE_(CANTOPEN|IOERR|BUSY|LOCKED|FULL|NOTADB|READONLY_DBMOVED|CORRUPT)/;
// ioredis: retries exhausted, or the connection is down with no offline queue to wait in.
const REDIS_MESSAGES =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit)/;

function field(err: unknown, key: string): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const v = (err as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Which dependency an error says is unreachable, if any: the one place both database drivers'
 * and ioredis' connection errors are recognised, so every route answers a clear 503 instead
 * of a 500 logged as "unhandled".
 */
export function unavailableDependency(err: unknown): Dependency | undefined {
  if (err instanceof AppError) return undefined;
  const name = field(err, 'name') ?? '';
  const code = field(err, 'code') ?? '';
  const message = field(err, 'message') ?? '';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'redis';
  if (SQLITE_UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code)) return 'database';
  if (SOCKET_CODES.has(code) || PG_MESSAGES.test(message)) return 'database';
  // Node's happy-eyeballs connect wraps one error per address.
  if (err instanceof AggregateError && err.errors.length > 0)
    return unavailableDependency(err.errors[0]);
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause === undefined || cause === err ? undefined : unavailableDependency(cause);
}

export const dependencyUnavailable = (dep: Dependency) =>
  new AppError(
    503,
    `${dep}_unavailable`,
    dep === 'database'
      ? 'the database is unreachable; try again shortly'
      : 'Redis is unreachable; try again shortly',
  );
