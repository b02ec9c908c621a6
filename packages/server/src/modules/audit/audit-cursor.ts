import { z } from 'zod';
import { badRequest } from '../../errors.js';

/**
 * Where the next page of the audit log starts: strictly older than `createdAt`, or (a cursor
 * from a previous page) older than the row (`createdAt`, `id`). Keyset rather than OFFSET, so
 * entries written while someone pages (the log grows at the top) neither shift nor repeat rows.
 */
export type AuditBefore = { createdAt: string; id?: string };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const CursorTuple = z.tuple([z.string().regex(ISO), z.uuid()]);

export function encodeAuditCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

/** Accepts a cursor this API issued, or an RFC 3339 time (normalised to UTC milliseconds). */
export function parseBefore(raw: string): AuditBefore {
  // Stored times are canonical UTC ISO strings, and SQLite compares them as text: an input
  // such as "…T08:00:00+01:00" must be rewritten to that form before it is compared.
  if (ISO.test(raw)) {
    const t = new Date(raw);
    if (Number.isNaN(t.getTime())) throw badRequest('invalid before time');
    return { createdAt: t.toISOString() };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('invalid before cursor');
  }
  const parsed = CursorTuple.safeParse(json);
  if (!parsed.success) throw badRequest('invalid before cursor');
  return { createdAt: new Date(parsed.data[0]).toISOString(), id: parsed.data[1].toLowerCase() };
}
