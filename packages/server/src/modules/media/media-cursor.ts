import { z } from 'zod';
import { badRequest } from '../../errors.js';

/**
 * Opaque keyset cursor for the library listing, ordered newest first by (created_at, id).
 * Keyset rather than OFFSET so a page costs the same at row 10 and row 10,000 and rows added
 * while someone pages do not shift or repeat items. Clients must not parse it; the encoding
 * may change.
 */

export interface MediaCursor {
  readonly createdAt: string;
  readonly id: string;
}

const CursorTuple = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/),
  z.uuid(),
]);

export function encodeCursor(c: MediaCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): MediaCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('invalid cursor');
  }
  const parsed = CursorTuple.safeParse(json);
  if (!parsed.success) throw badRequest('invalid cursor');
  return { createdAt: parsed.data[0], id: parsed.data[1].toLowerCase() };
}
