import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may carry secrets anywhere in a log record. pino censors them before
 * serialisation, so a careless `log.info({ body })` cannot leak a password.
 */
const REDACT_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'password_hash',
  '*.password_hash',
  'icecast_password',
  '*.icecast_password',
  '*.icecast.password',
  'refresh_token',
  '*.refresh_token',
  '*.*.refresh_token',
  'access_token',
  '*.access_token',
  'token',
  '*.token',
  'key',
  '*.key',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
];

/** Query parameters that carry credentials (`?token=` for WebSockets and players). */
const SECRET_QUERY =
  /([?&](?:token|access_token|refresh_token|api_key|apikey|key|password)=)[^&#\s]*/gi;

/** A URL or path with its credentials replaced; anything else unchanged. */
function redactUrl(url: string): string {
  return url
    .replace(SECRET_QUERY, '$1[redacted]')
    .replace(/(\/\/[^/:@\s]+:)[^@/\s]+@/, '$1[redacted]@');
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  hostname?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Fastify's request line, with the URL's credentials redacted: `GET /api/v1/events?token=…`
 * would otherwise put a working access token in every log shipped off the host.
 */
function requestSerializer(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host ?? req.hostname,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

/** Any `url` a module logs itself (a webstream, a redirect) is redacted the same way. */
function scrubUrls(obj: Record<string, unknown>): Record<string, unknown> {
  for (const key of ['url', 'path', 'href', 'location']) {
    const v = obj[key];
    if (typeof v === 'string') obj[key] = redactUrl(v);
  }
  return obj;
}

function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    base: { service: 'grimnirradio' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: requestSerializer },
    formatters: { log: scrubUrls },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** `destination` is for tests that read what would have been written. */
export function createLogger(
  level: LoggerOptions['level'],
  destination?: { write(line: string): void },
): Logger {
  return destination === undefined
    ? pino(loggerOptions(level))
    : pino(loggerOptions(level), destination);
}
