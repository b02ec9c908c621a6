import { MEDIA_SORTS, type MediaSort } from '@grimnir/contracts';
import { z } from 'zod';
import { badRequest } from '../../errors.js';

/**
 * Opaque keyset cursor for the library listing: the sort, its direction and the last row's
 * sort key and id. Keyset rather than OFFSET so a page costs the same at row 10 and row
 * 100,000, and rows added while someone pages do not shift or repeat items. The sort and
 * direction travel inside so a cursor is never applied to another order. Clients must not
 * parse it; the encoding may change.
 */

export interface MediaCursor {
  readonly sort: MediaSort;
  readonly desc: boolean;
  /** The sort expression's value on the last row (text or a number). */
  readonly key: string | number;
  readonly id: string;
}

const CursorTuple = z.tuple([
  z.enum(MEDIA_SORTS),
  z.union([z.literal(0), z.literal(1)]),
  z.union([z.string().max(600), z.number().int()]),
  z.uuid(),
]);

export function encodeCursor(c: MediaCursor): string {
  const tuple = [c.sort, c.desc ? 1 : 0, c.key, c.id];
  return Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');
}

/** Decodes a cursor and checks it belongs to the order the client asks for now. */
export function decodeCursor(raw: string, sort: MediaSort, desc: boolean): MediaCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('invalid cursor');
  }
  const parsed = CursorTuple.safeParse(json);
  if (!parsed.success) throw badRequest('invalid cursor');
  const [s, d, key, id] = parsed.data;
  if (s !== sort || (d === 1) !== desc)
    throw badRequest('the cursor belongs to another sort order; start again without it');
  if ((typeof key === 'number') !== (sort === 'duration')) throw badRequest('invalid cursor');
  return { sort: s, desc: d === 1, key, id: id.toLowerCase() };
}
