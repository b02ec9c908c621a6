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
  'access_token',
  '*.access_token',
  'token',
  '*.token',
  'key',
  '*.key',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
];

function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    base: { service: 'grimnirradio' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level: LoggerOptions['level']): Logger {
  return pino(loggerOptions(level));
}
