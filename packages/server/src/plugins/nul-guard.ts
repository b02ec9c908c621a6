import type { FastifyInstance } from 'fastify';
import { validationError } from '../errors.js';

const MAX_DEPTH = 64;

/** The path of the first string (value or key) holding U+0000, or undefined. */
function nulPath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = nulPath(value[i], `${path}[${i}]`, depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  // Parsed JSON is plain objects; the query parser's objects have a prototype of their own
  // (no Object.prototype), so only class instances with behaviour (multipart parts, streams,
  // buffers) are skipped.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function')
    return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const hit = nulPath(v, `${path}.${key}`, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * One rule for every route: text with a NUL character is a 400 before any handler runs.
 * PostgreSQL cannot store U+0000 in text (SQLite can), so without this each route that forgot
 * a per-field check answered 500 on PostgreSQL alone — login included.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const parts: [string, unknown][] = [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ];
    for (const [where, value] of parts) {
      const path = nulPath(value, where, 0);
      if (path !== undefined) {
        done(
          validationError(`invalid ${where}: ${path} must not contain NUL characters`, [
            { path, message: 'must not contain NUL characters' },
          ]),
        );
        return;
      }
    }
    done();
  });
}
