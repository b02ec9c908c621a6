import { pino, type Logger, type LoggerOptions } from 'pino';
import { censorSecrets } from './log-censor.js';

/** Query parameters that carry credentials (`?token=` for WebSockets and players). */
const SECRET_QUERY =
  /([?&](?:token|access_token|refresh_token|api_key|apikey|key|password)=)[^&#\s]*/gi;

/** A URL or path with its credentials replaced; anything else unchanged. */
function redactUrl(url: string): string {
  // Most URLs (an API path) carry neither a query value nor a userinfo part.
  if (!url.includes('=') && !url.includes('@')) return url;
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

/**
 * Any `url` a module logs itself (a webstream, a redirect) is redacted the same way. Copies the
 * record before changing it: the caller's object is its own.
 */
function scrubUrls(obj: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of ['url', 'path', 'href', 'location']) {
    const v = obj[key];
    if (typeof v !== 'string') continue;
    const clean = redactUrl(v);
    if (clean !== v) (copy ??= { ...obj })[key] = clean;
  }
  return copy ?? obj;
}

function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    base: { service: 'grimnirradio' },
    serializers: { req: requestSerializer },
    // Credentials are censored by key name at any depth (a careless `log.info({ body })` cannot
    // leak a password), in bindings too; URLs lose their `?token=` and `user:pass@`.
    formatters: {
      log: (obj) => scrubUrls(censorSecrets(obj)),
      bindings: (bindings) => censorSecrets(bindings),
    },
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
