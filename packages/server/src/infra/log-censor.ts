/** Keys whose values are credentials wherever they appear in a log record (any case). */
const SECRET_KEYS = new Set([
  'password',
  'password_hash',
  'icecast_password',
  'refresh_token',
  'access_token',
  'token',
  'key',
  'api_key',
  'apikey',
  'authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

export const CENSORED = '[redacted]';

/** How deep a record is searched: `{ body: { station: { icecast: { password } } } }` is 4. */
const MAX_DEPTH = 5;

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key) || SECRET_KEYS.has(key.toLowerCase());
}

/**
 * Data a module logs: any object whose own fields JSON would print, except live and binary
 * objects (buffers, streams, sockets, emitters, dates, collections), which print no credential
 * field of their own and can be large.
 */
function searchable(value: object): boolean {
  if (Array.isArray(value) || value instanceof Error) return true;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  if (value instanceof Date || value instanceof Map || value instanceof Set) return false;
  if (value instanceof RegExp || value instanceof Promise) return false;
  const v = value as { on?: unknown; emit?: unknown; pipe?: unknown };
  return !(
    typeof v.on === 'function' &&
    (typeof v.emit === 'function' || typeof v.pipe === 'function')
  );
}

/**
 * A log record with every credential-named value replaced, at any depth up to 5, in one pass.
 * The record is returned as it is when nothing matched (the usual case costs no allocation);
 * otherwise only the objects on the way to a secret are copied, so the caller's values are never
 * changed. Errors that carry a secret become plain objects with their message and stack.
 *
 * pino's own `redact` with wildcard paths (`*.password`) did the same at ~15 µs a line: the
 * access log writes a line per request, so that was a tenth of an API call's CPU (issue 15).
 * Live objects (streams, sockets) are not searched; nor, at the top of a record, `req` and `res`:
 * their serializers pick the fields that are logged, and none of those is a credential.
 */
export function censorSecrets<T>(value: T, depth = 0, skip?: ReadonlySet<string>): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || !searchable(value))
    return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = censorSecrets(item, depth + 1);
      if (next !== item) (copy ??= [...(value as unknown[])])[i] = next;
    }
    return (copy ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const k of Object.keys(record)) {
    if (skip?.has(k)) continue;
    const item = record[k];
    const next = isSecretKey(k) && item !== undefined ? CENSORED : censorSecrets(item, depth + 1);
    if (next !== item) (copy ??= copyOf(value))[k] = next;
  }
  return (copy ?? value) as T;
}

/**
 * A shallow copy to censor. An error keeps its class and its non-enumerable fields (message,
 * stack, cause), so its serializer still names its type and follows its cause.
 */
function copyOf(value: object): Record<string, unknown> {
  if (!(value instanceof Error)) return { ...value };
  return Object.create(
    Object.getPrototypeOf(value) as object,
    Object.getOwnPropertyDescriptors(value),
  ) as Record<string, unknown>;
}
