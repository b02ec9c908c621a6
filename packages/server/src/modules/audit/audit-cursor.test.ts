import { describe, expect, it } from 'vitest';
import { encodeAuditCursor, parseBefore } from './audit-cursor.js';

const id = '3f2c1a9e-5b7d-4c1e-9a2b-8d6f0e4c2b1a';

describe('parseBefore', () => {
  it('round-trips a cursor this API issued', () => {
    const at = '2026-12-06T08:00:00.123Z';
    expect(parseBefore(encodeAuditCursor(at, id))).toEqual({ createdAt: at, id });
  });

  it.each([
    ['2026-12-06T08:00:00Z', '2026-12-06T08:00:00.000Z'],
    ['2026-12-06T09:00:00+01:00', '2026-12-06T08:00:00.000Z'],
    ['2026-12-06t08:00:00.5z', '2026-12-06T08:00:00.500Z'],
  ])('normalises the time %s to canonical UTC', (raw, createdAt) => {
    expect(parseBefore(raw)).toEqual({ createdAt });
  });

  it.each(['', 'nonsense', encodeAuditCursor('yesterday', id), '2026-13-40T99:00:00Z'])(
    'refuses %j with a 400',
    (raw) => {
      expect(() => parseBefore(raw)).toThrow(expect.objectContaining({ statusCode: 400 }));
    },
  );
});
