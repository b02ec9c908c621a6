import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { decodeCursor, encodeCursor } from './media-cursor.js';

const ID = '0b7a1c9e-5d4f-4a3b-9c8d-7e6f5a4b3c2d';

describe('media cursor', () => {
  it('round-trips', () => {
    const c = { createdAt: '2026-11-25T14:57:48.123Z', id: ID };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it.each([
    ['not base64 json', 'zzzz'],
    ['wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['bad id', Buffer.from('["2026-11-25T14:57:48.123Z","x"]').toString('base64url')],
    ['bad time', Buffer.from(`["yesterday","${ID}"]`).toString('base64url')],
    ['sql in time', Buffer.from(`["2026' OR 1=1 --","${ID}"]`).toString('base64url')],
    ['empty', ''],
  ])('refuses %s with 400 bad_request', (_name, raw) => {
    let caught: unknown;
    try {
      decodeCursor(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ statusCode: 400, code: 'bad_request' });
  });
});
