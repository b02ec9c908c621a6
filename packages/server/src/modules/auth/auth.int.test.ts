import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

function htpasswdHash(password: string): string {
  // Exactly the guide's recipe: htpasswd -bnBC 10 "" password | tr -d ':\n'
  return execFileSync('htpasswd', ['-bnBC', '10', '', password], { encoding: 'utf8' }).replace(
    /[:\n]/g,
    '',
  );
}

describe('login', () => {
  it('accepts the guide’s raw-SQL admin with an htpasswd $2y$ hash', async () => {
    t = await buildTestApp();
    const hash = htpasswdHash('s3cret-pass');
    expect(hash.startsWith('$2y$10$')).toBe(true);
    await sql`INSERT INTO users (id, username, email, password_hash, role, active)
      VALUES (${'3f1c6a2e-6a43-4b53-9d3e-2f0b7c1d9e10'}, 'admin', 'admin@example.com', ${hash}, 'admin', true)`.execute(
      t.database.db,
    );
    const res = await login('admin', 's3cret-pass');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 15 * 60 });
    const stations = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stations',
      headers: bearer(body.access_token),
    });
    expect(stations.statusCode).toBe(200);
    expect(stations.json()).toEqual([]);
  });

  it('accepts username or email, rejects wrong password and disabled accounts', async () => {
    t = await buildTestApp();
    const u = await t.makeUser({ role: 'dj' });
    expect((await login(u.username, u.password)).statusCode).toBe(200);
    expect((await login(`${u.username}@example.test`.toUpperCase(), u.password)).statusCode).toBe(
      200,
    );
    const wrong = await login(u.username, 'nope-nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({
      error: 'invalid_credentials',
      request_id: expect.any(String),
    });
    expect(wrong.body).not.toContain('password_hash');
    const off = await t.makeUser({ active: false });
    // The right password of a disabled account is answered exactly like a wrong one.
    const disabled = await login(off.username, off.password);
    expect(disabled.statusCode).toBe(401);
    expect({ ...disabled.json(), request_id: 'x' }).toEqual({ ...wrong.json(), request_id: 'x' });
    // A token issued before the account was disabled stops working at once.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: bearer(off.token),
    });
    expect(me.statusCode).toBe(401);
  });

  it('rate-limits failed attempts per account with Retry-After', async () => {
    t = await buildTestApp({ env: { GRIMNIR_LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    const u = await t.makeUser();
    for (let i = 0; i < 3; i++)
      expect((await login(u.username, 'bad-password')).statusCode).toBe(401);
    const blocked = await login(u.username, u.password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(blocked.json().error).toBe('rate_limited');
  });
});

describe('tokens', () => {
  it('rejects expired and tampered access tokens', async () => {
    const clock = manualClock('2026-01-01T00:00:00Z');
    t = await buildTestApp({ clock });
    const u = await t.makeUser();
    const [h, p, s] = u.token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${s}`;
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(tampered),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toBe('invalid_token');
    clock.advance(16 * 60_000);
    const expired = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: bearer(u.token),
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toBe('token_expired');
  });

  it('rotates refresh tokens and revokes the family on reuse', async () => {
    t = await buildTestApp();
    const u = await t.makeUser();
    const first = (await login(u.username, u.password)).json();
    const refresh = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: token },
      });
    const second = await refresh(first.refresh_token);
    expect(second.statusCode).toBe(200);
    const replay = await refresh(first.refresh_token);
    expect(replay.statusCode).toBe(401);
    // The replay revoked the legitimate successor too: whoever stole the token is cut off.
    expect((await refresh(second.json().refresh_token)).statusCode).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    t = await buildTestApp();
    const u = await t.makeUser();
    const pair = (await login(u.username, u.password)).json();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          payload: { refresh_token: pair.refresh_token },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          payload: { refresh_token: pair.refresh_token },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('api keys', () => {
  it('are shown once, work as X-API-Key, record last use, and stop when revoked or expired', async () => {
    const clock = manualClock('2026-03-01T00:00:00Z');
    t = await buildTestApp({ clock });
    const u = await t.makeUser({ role: 'manager' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(u.token),
      payload: { name: 'ci', expires_in_days: 1 },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^gr_[A-Za-z0-9_-]{40,}$/);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: bearer(u.token),
    });
    expect(listed.body).not.toContain(key);
    const stored = await t.database.db
      .selectFrom('api_keys')
      .select('key_hash')
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { 'x-api-key': key },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(u.username);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: bearer(u.token),
    });
    expect(after.json()[0].last_used_at).toBe('2026-03-01T00:00:00.000Z');

    const other = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(u.token),
        payload: { name: 'y' },
      })
    ).json();
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/api-keys/${other.id}`,
          headers: bearer(u.token),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/users/me',
          headers: { 'x-api-key': other.key },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/users/me',
          headers: { 'x-api-key': key },
        })
      ).statusCode,
    ).toBe(200);

    clock.advance(2 * 86_400_000);
    const expired = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { 'x-api-key': key },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toBe('invalid_api_key');
    expect(id).toBeTypeOf('string');
  });
});

describe('audit log', () => {
  it('records mutations without secrets', async () => {
    t = await buildTestApp();
    const admin = await t.adminToken();
    await t.makeStation(admin, { name: 'Audited FM' });
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['auth.login', 'station.create']),
    );
    expect(JSON.stringify(rows)).not.toMatch(/password/i);
  });
});
