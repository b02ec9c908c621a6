import { describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { createJwtIssuer } from './jwt.js';

const KEY = 'k'.repeat(48);
const claims = { userId: 'u1', username: 'ann', role: 'dj' as const, tokenVersion: 3 };

async function setup() {
  const clock = manualClock('2026-01-01T00:00:00.000Z');
  const jwt = createJwtIssuer(KEY, 15, clock);
  return { clock, jwt, token: await jwt.sign(claims) };
}

describe('jwt verify (with the verified-token cache)', () => {
  it('answers a token the same the first time and every time after', async () => {
    const { jwt, token } = await setup();
    const first = await jwt.verify(token);
    expect(first).toEqual({ ...claims, expiresAtMs: Date.parse('2026-01-01T00:15:00.000Z') });
    expect(await jwt.verify(token)).toEqual(first);
  });

  // A cached token must stop working exactly when an uncached one would (5 s leeway).
  it.each([
    ['just before expiry plus leeway', 15 * 60_000 + 4_999, 'valid'],
    ['at expiry plus leeway', 15 * 60_000 + 5_000, 'expired'],
    ['long after', 3_600_000, 'expired'],
  ])('a verified token %s is %s', async (_name, later, outcome) => {
    const { clock, jwt, token } = await setup();
    expect(await jwt.verify(token)).toMatchObject({ userId: 'u1' });
    clock.advance(later);
    const cached = await jwt.verify(token);
    const fresh = await createJwtIssuer(KEY, 15, clock).verify(token);
    expect('reason' in cached ? cached.reason : 'valid').toBe(outcome);
    expect(cached).toEqual(fresh);
  });

  it('does not let a tampered copy of a verified token through', async () => {
    const { jwt, token } = await setup();
    await jwt.verify(token);
    const [h, p, sig] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${sig}`;
    expect(await jwt.verify(forged)).toEqual({ reason: 'invalid' });
    expect(await jwt.verify(`${token}x`)).toEqual({ reason: 'invalid' });
  });

  it('does not accept a token signed with another key because a look-alike was cached', async () => {
    const { clock, jwt } = await setup();
    const other = await createJwtIssuer('o'.repeat(48), 15, clock).sign(claims);
    expect(await jwt.verify(other)).toEqual({ reason: 'invalid' });
    expect(await jwt.verify(other)).toEqual({ reason: 'invalid' });
  });
});
