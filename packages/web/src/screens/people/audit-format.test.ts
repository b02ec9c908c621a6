import { describe, expect, it } from 'vitest';
import { actorName, detailsSummary } from './audit-format';

describe('detailsSummary', () => {
  it('lists scalar details and leaves nested ones out', () => {
    expect(
      detailsSummary({
        mount: 'main',
        expires_at: '2026-12-06T10:00:00Z',
        n: 2,
        ok: true,
        x: { a: 1 },
        y: null,
      }),
    ).toBe('mount: main, expires at: 2026-12-06T10:00:00Z, n: 2, ok: true');
  });
  it('is empty without details', () => {
    expect(detailsSummary({})).toBe('');
  });
});

describe('actorName', () => {
  it.each([
    [{ username: 'alice', user_id: 'u1' }, 'alice'],
    [{ username: null, user_id: null }, 'system'],
    [{ username: null, user_id: 'u1' }, 'deleted user'],
  ])('%o is %s', (e, name) => {
    expect(actorName(e)).toBe(name);
  });
});
