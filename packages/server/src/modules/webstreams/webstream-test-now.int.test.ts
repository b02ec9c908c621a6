import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';

// "Test now": every URL opened at once, per-URL results with credentials hidden, the health
// fields recorded as the leader's loop would, and only managers may make the server connect out.

let t: TestApp;
let server: http.Server | undefined;
afterEach(async () => {
  await t.close();
  if (server) await new Promise((r) => server?.close(r));
  server = undefined;
});

const NOW = '2026-06-01T10:00:00.000Z';

/** /live answers 200 with MPEG bytes (and remembers the Basic credentials), the rest 404. */
async function streamServer(seen: string[]): Promise<string> {
  server = http.createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    if (req.url !== '/live') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.write(Buffer.alloc(4096, 0xff));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('POST /api/v1/webstreams/{id}/test', () => {
  it('opens every URL, reports each, records the health; managers only', async () => {
    t = await buildTestApp({
      clock: manualClock(NOW),
      env: { GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1' },
    });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const seen: string[] = [];
    const host = await streamServer(seen);
    const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: bearer(token),
        ...(payload && { payload: payload as Record<string, unknown> }),
      });
    const created = await call(admin, 'POST', '/api/v1/webstreams', {
      station_id: station.id,
      name: 'Relay',
      urls: [`http://${host}/missing`, `http://dj:s3cret@${host}/live`, 'http://127.0.0.1:1/x'],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;

    const res = await call(admin, 'POST', `/api/v1/webstreams/${id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('s3cret');
    expect(res.json()).toEqual({
      webstream_id: id,
      checked_at: NOW,
      ok_url: `http://***@${host}/live`,
      results: [
        { url: `http://${host}/missing`, ok: false, error: `http://${host}/missing: HTTP 404` },
        { url: `http://***@${host}/live`, ok: true, error: null },
        { url: 'http://127.0.0.1:1/x', ok: false, error: 'http://127.0.0.1:1/x: unreachable' },
      ],
    });
    // The credentials went to the stream server, as the engine would send them.
    expect(seen).toContain(`Basic ${Buffer.from('dj:s3cret').toString('base64')}`);
    const stored = (await call(admin, 'GET', `/api/v1/webstreams/${id}`)).json();
    expect(stored).toMatchObject({
      last_checked_at: NOW,
      last_ok_url: `http://***@${host}/live`,
      last_error: `http://${host}/missing: HTTP 404; http://127.0.0.1:1/x: unreachable`,
    });

    const dj = await t.makeUser({ role: 'dj' });
    await t.addMember(station.id, dj.id, 'dj');
    expect((await call(dj.token, 'POST', `/api/v1/webstreams/${id}/test`)).statusCode).toBe(403);
    const outsider = await t.makeUser({ role: 'manager' });
    expect((await call(outsider.token, 'POST', `/api/v1/webstreams/${id}/test`)).statusCode).toBe(
      403,
    );
    const missing = await call(
      admin,
      'POST',
      '/api/v1/webstreams/00000000-0000-4000-8000-000000000000/test',
    );
    expect(missing.statusCode).toBe(404);
  });
});
