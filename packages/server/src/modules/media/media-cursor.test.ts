import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { decodeCursor, encodeCursor } from './media-cursor.js';

const ID = '0b7a1c9e-5d4f-4a3b-9c8d-7e6f5a4b3c2d';
const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('media cursor', () => {
  it.each([
    { sort: 'added', desc: true, key: '2026-11-25T14:57:48.123Z', id: ID },
    { sort: 'title', desc: false, key: "o'brien; drop table media", id: ID },
    { sort: 'duration', desc: true, key: 181_000, id: ID },
  ] as const)('round-trips $sort', (c) => {
    expect(decodeCursor(encodeCursor(c), c.sort, c.desc)).toEqual(c);
  });

  it.each([
    ['not base64 json', 'zzzz'],
    ['wrong shape', raw({ a: 1 })],
    ['the old two-field shape', raw(['2026-11-25T14:57:48.123Z', ID])],
    ['bad id', raw(['added', 1, '2026-11-25T14:57:48.123Z', 'x'])],
    ['unknown sort', raw(['rowid', 1, 'x', ID])],
    ['another sort', raw(['title', 1, 'x', ID])],
    ['another direction', raw(['added', 0, 'x', ID])],
    ['a number key for added', raw(['added', 1, 5, ID])],
    ['an object key', raw(['added', 1, { $gt: 1 }, ID])],
    ['empty', ''],
  ])('refuses %s with 400 bad_request', (_name, value) => {
    const caught = refusal(() => decodeCursor(value, 'added', true));
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ statusCode: 400, code: 'bad_request' });
  });
});
