import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const me = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(token) });
const tokens = async (username: string, password: string) => {
  const res = await login(username, password);
  expect(res.statusCode).toBe(200);
  return res.json<{ access_token: string; refresh_token: string }>();
};

describe('access tokens end with the session', () => {
  it('logout refuses every outstanding access token of the user at once', async () => {
    t = await buildTestApp();
    const u = await t.makeUser();
    const laptop = await tokens(u.username, u.password);
    const phone = await tokens(u.username, u.password);
    // Used once: the user's rights are now cached; the logout must reach the cache too.
    expect((await me(laptop.access_token)).statusCode).toBe(200);
    expect((await me(phone.access_token)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refresh_token: laptop.refresh_token },
    });
    expect(out.statusCode).toBe(204);
    for (const token of [laptop.access_token, phone.access_token]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'invalid_token', message: 'access token revoked' });
    }
    // The other device's refresh token still works and yields a working access token.
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: phone.refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    expect((await me(refreshed.json<{ access_token: string }>().access_token)).statusCode).toBe(
      200,
    );
  });

  it('a password change refuses the old access tokens; a role change applies at once', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    const u = await t.makeUser({ role: 'manager' });
    expect((await me(u.token)).statusCode).toBe(200);
    const demote = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: bearer(admin),
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(200);
    const station = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: bearer(u.token),
      payload: { name: 'Not any more', description: '', active: true },
    });
    expect(station.statusCode).toBe(403);
    const change = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: bearer(admin),
      payload: { password: 'a brand new horse battery' },
    });
    expect(change.statusCode).toBe(200);
    expect((await me(u.token)).statusCode).toBe(401);
    const fresh = await tokens(u.username, 'a brand new horse battery');
    expect((await me(fresh.access_token)).statusCode).toBe(200);
  });
});

describe('login limiter', () => {
  it('counts username and e-mail of one account against one limit', async () => {
    t = await buildTestApp({ env: { GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '4' } });
    const u = await t.makeUser();
    const email = `${u.username}@example.test`;
    for (const name of [u.username, email.toUpperCase(), ` ${u.username} `, email])
      expect((await login(name, 'bad-password')).statusCode).toBe(401);
    for (const name of [u.username, email]) {
      const blocked = await login(name, u.password);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
    }
    // Another account from the same address is not blocked by it.
    const other = await t.makeUser();
    expect((await login(other.username, other.password)).statusCode).toBe(200);
  });

  it('limits names that are no account per name, answering like a wrong password', async () => {
    // 3 failures per name; the address may try 9 times a minute, which this test stays under.
    t = await buildTestApp({ env: { GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    const u = await t.makeUser();
    const wrong = await login(u.username, 'bad-password');
    const unknown = await login('nobody-here', 'bad-password');
    expect(unknown.statusCode).toBe(401);
    expect({ ...unknown.json(), request_id: '' }).toEqual({ ...wrong.json(), request_id: '' });
    expect((await login('nobody-here', 'bad-password')).statusCode).toBe(401);
    expect((await login('nobody-here', 'bad-password')).statusCode).toBe(401);
    expect((await login('nobody-here', 'bad-password')).statusCode).toBe(429);
    expect((await login('NOBODY-HERE', 'bad-password')).statusCode).toBe(429);
    expect((await login('somebody-else', 'bad-password')).statusCode).toBe(401);
  });

  it('a disabled account is limited like any other and never told it is disabled', async () => {
    t = await buildTestApp({ env: { GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '2' } });
    const off = await t.makeUser({ active: false });
    for (let i = 0; i < 2; i++) {
      const res = await login(off.username, off.password);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        error: 'invalid_credentials',
        message: 'invalid username or password',
      });
      expect(res.body).not.toMatch(/disabled/i);
    }
    expect((await login(off.username, off.password)).statusCode).toBe(429);
  });
});
