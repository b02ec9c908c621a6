import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

/** Production: every password set through the users API passes the same estimator as the admin's. */
let t: TestApp;
let admin: string;
const STRONG = 'tangerine-vessel-orbit-42';
beforeAll(async () => {
  t = await buildTestApp({
    env: {
      GRIMNIR_ENV: 'production',
      GRIMNIR_JWT_SIGNING_KEY: randomBytes(32).toString('base64url'),
      GRIMNIR_DEMO_STATION: 'false',
    },
  });
  admin = (await t.makeUser({ role: 'admin', password: STRONG })).token;
}, 60_000);
afterAll(() => t?.close());

async function createUser(username: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: bearer(admin),
    payload: { username, email: `${username}@example.test`, password, role: 'dj' },
  });
}

describe('password strength in production', () => {
  it('POST /users refuses a guessable password with a 400 naming the problem', async () => {
    for (const weak of ['password1', 'aaaaaaaaaaaa', 'qwertyuiop', 'marta2024!']) {
      const res = await createUser('marta', weak);
      expect(res.statusCode, weak).toBe(400);
      const body = res.json<{ error: string; message: string; request_id: string }>();
      expect(body.error).toBe('validation_error');
      expect(body.message).toMatch(
        /^password is too easy to guess \(estimated 10\^\d+ guesses, needs 10\^8\): /,
      );
      expect(body.request_id).toBeTruthy();
    }
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(admin),
    });
    expect(list.json<{ username: string }[]>().map((u) => u.username)).not.toContain('marta');
  });

  it('POST /users accepts a strong password, and the user logs in with it', async () => {
    const res = await createUser('tomas', STRONG);
    expect(res.statusCode).toBe(201);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'tomas', password: STRONG },
    });
    expect(login.statusCode).toBe(200);
  });

  it('a password change through PATCH /users/:id is checked the same way', async () => {
    const user = await t.makeUser({ role: 'viewer', password: STRONG });
    const change = (password: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        headers: bearer(admin),
        payload: { password },
      });
    const weak = await change('letmein123');
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ message: string }>().message).toMatch(/^password is too easy to guess/);
    // The refused change left the old password in place.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: user.username, password: STRONG },
        })
      ).statusCode,
    ).toBe(200);
    expect((await change('copper-lantern-meadow-9')).statusCode).toBe(200);
  });
});
