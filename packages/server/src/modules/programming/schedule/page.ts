import { badRequest } from '../../../errors.js';

/** Keyset position: the last row of the previous page, by (starts_at, id). */
export interface PageKey {
  startsAt: string;
  id: string;
}

export interface Page {
  limit: number;
  after?: PageKey;
}

/** Opaque to clients: base64url of [starts_at, id]. */
function encodeCursor(row: { starts_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.starts_at, row.id])).toString('base64url');
}

export function pageOf(limit: number, cursor: string | undefined): Page {
  if (cursor === undefined) return { limit };
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0]))
    )
      return { limit, after: { startsAt: new Date(Date.parse(v[0])).toISOString(), id: v[1] } };
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw badRequest('cursor is not one this API returned');
}

/** The page's rows (one more was fetched to learn whether a next page exists) and its cursor. */
export function sliced<T extends { starts_at: string; id: string }>(
  rows: readonly T[],
  limit: number,
): { rows: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? encodeCursor(last) : null };
}
