import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bearer, buildTestApp, type TestApp } from '../test-support/app.js';
import { createLogger } from './logger.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

/**
 * The production logger at debug level, behind the real app: every credential a client sends
 * (Bearer header, API key, cookie, `?token=` on a WebSocket, refresh token in a body) is used,
 * then the whole log output is searched for it.
 */
describe('logs carry no credentials', () => {
  it('redacts tokens and keys from request lines, headers, URLs and bodies', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', { write: (line) => lines.push(line) });
    t = await buildTestApp({ log });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const u = await t.makeUser({ role: 'admin' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: u.password },
    });
    const { access_token, refresh_token } = login.json<{
      access_token: string;
      refresh_token: string;
    }>();
    const key = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(access_token),
        payload: { name: 'logs' },
      })
    ).json<{ key: string }>().key;
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { ...bearer(access_token), cookie: `grimnir_refresh=${refresh_token}` },
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/stations', headers: { 'x-api-key': key } });
    await t.app.inject({ method: 'GET', url: `/api/v1/users/me?token=${key}&x=1` });
    // A refused one is logged at a louder level, with the request.
    await t.app.inject({ method: 'GET', url: `/api/v1/users/me?token=${access_token}x` });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token },
    });
    // The browser's way: the access token in the WebSocket URL.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events?token=${access_token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.close();
    log.flush();

    const text = lines.join('');
    // The requests were logged (the test looks at real lines), with their URLs.
    expect(text).toContain('/api/v1/events?token=[redacted]');
    expect(text).toContain('/api/v1/users/me?token=[redacted]&x=1');
    for (const secret of [access_token, refresh_token, key, u.password])
      expect(text).not.toContain(secret);
  });
});
