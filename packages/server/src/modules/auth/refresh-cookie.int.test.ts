import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';

// The web console's session: the refresh token lives in an httpOnly SameSite=Strict cookie
// and never in a response body a page script could read; API clients keep the JSON body.

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const COOKIE_MODE = { 'x-grimnir-session': 'cookie' };

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie'];
  const line = Array.isArray(set) ? String(set[0]) : String(set);
  return line;
}
const valueOf = (line: string) => /^grimnir_refresh=([^;]*)/.exec(line)?.[1] ?? '';

describe('refresh token cookie', () => {
  it('login, refresh and logout in cookie mode', async () => {
    t = await buildTestApp();
    const u = await t.makeUser({ role: 'dj' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: COOKIE_MODE,
      payload: { username: u.username, password: u.password },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ refresh_token: '', access_token: expect.any(String) });
    const first = cookieOf(login);
    expect(first).toMatch(/HttpOnly/);
    expect(first).toMatch(/SameSite=Strict/);
    expect(first).toMatch(/Path=\/api\/v1\/auth/);
    expect(first).not.toMatch(/Secure/); // plain http here; https adds Secure (next test)

    // No body: the browser sends only the cookie. The token rotates into a new cookie.
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { ...COOKIE_MODE, cookie: `other=1; grimnir_refresh=${valueOf(first)}` },
    });
    expect(refresh.statusCode, refresh.body).toBe(200);
    expect(refresh.json()).toMatchObject({ refresh_token: '' });
    const second = cookieOf(refresh);
    expect(valueOf(second)).not.toBe(valueOf(first));

    // The rotated-away cookie is refused (and cleared), as a reused body token is.
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `grimnir_refresh=${valueOf(first)}` },
    });
    expect(replay.statusCode).toBe(401);
    expect(cookieOf(replay)).toMatch(/^grimnir_refresh=; Max-Age=0/);

    // Reuse revoked the family, so log in again and log out with the cookie.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: COOKIE_MODE,
      payload: { username: u.username, password: u.password },
    });
    const cookie = `grimnir_refresh=${valueOf(cookieOf(again))}`;
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    expect(logout.statusCode).toBe(204);
    expect(cookieOf(logout)).toMatch(/Max-Age=0/);
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('marks the cookie Secure over HTTPS (behind a trusted proxy)', async () => {
    t = await buildTestApp({ env: { GRIMNIR_TRUST_PROXY: 'true' } });
    const u = await t.makeUser();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...COOKIE_MODE, 'x-forwarded-proto': 'https' },
      payload: { username: u.username, password: u.password },
    });
    expect(login.statusCode).toBe(200);
    expect(cookieOf(login)).toMatch(/; Secure/);
  });

  it('API clients keep the JSON body and get no cookie; no token at all is a 401', async () => {
    t = await buildTestApp();
    const u = await t.makeUser();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: u.password },
    });
    expect(login.headers['set-cookie']).toBeUndefined();
    const pair = login.json<{ refresh_token: string }>();
    expect(pair.refresh_token.length).toBeGreaterThan(20);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: pair.refresh_token },
    });
    expect(refresh.statusCode).toBe(200);
    expect(refresh.headers['set-cookie']).toBeUndefined();
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthorized', request_id: expect.any(String) });
  });
});
