import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type Logger,
  type LoggerOptions,
} from 'pino';
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

/** Logged through their serializers, which pick fields that are never credentials. */
const SERIALIZED = new Set(['req', 'res']);

function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    base: { service: 'grimnirradio' },
    serializers: { req: requestSerializer },
    // Credentials are censored by key name at any depth (a careless `log.info({ body })` cannot
    // leak a password), child bindings too (censoredChildren); URLs lose their `?token=` and
    // `user:pass@`.
    formatters: { log: (obj) => scrubUrls(censorSecrets(obj, 0, SERIALIZED)) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** `destination` is for tests that read what would have been written. */
export function createLogger(
  level: LoggerOptions['level'],
  destination?: { write(line: string): void },
): Logger {
  return censoredChildren(
    destination === undefined
      ? pino(loggerOptions(level))
      : pino(loggerOptions(level), destination),
  );
}

/**
 * pino applies `formatters.bindings` to the root's `base` only, never to a child's bindings: a
 * child's are censored here before pino writes them into each of its lines. A child inherits
 * from its parent (pino creates it with Object.create), so the root's method serves every
 * generation, called on the logger that makes the child.
 */
function censoredChildren(log: Logger): Logger {
  type Child = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const child = Reflect.get(log, 'child') as unknown as Child;
  const censored: Child = function (bindings, options) {
    return child.call(this, censorSecrets(bindings), options);
  };
  log.child = censored as unknown as Logger['child'];
  return log;
}
