import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bearer, buildTestApp, type TestApp } from '../test-support/app.js';
import { createLogger } from '../infra/logger.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

interface Line {
  msg: string;
  request_id?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

it('logs one line per API request, with its URL, status and time; sockets also when opened', async () => {
  const lines: Line[] = [];
  const log = createLogger('info', { write: (l) => lines.push(JSON.parse(l) as Line) });
  t = await buildTestApp({ log });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const u = await t.makeUser({ role: 'admin' });
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/stations',
    headers: { ...bearer(u.token), 'x-request-id': 'access-log-test' },
  });
  expect(res.statusCode).toBe(200);
  const mine = lines.filter((l) => l.request_id === 'access-log-test');
  expect(mine).toEqual([
    expect.objectContaining({
      msg: 'request completed',
      req: expect.objectContaining({ method: 'GET', url: '/api/v1/stations' }),
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    }),
  ]);

  // The console's events socket stays open: its start is logged while it is open.
  const port = (t.app.server.address() as AddressInfo).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events?token=${u.token}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  expect(
    lines.filter((l) => l.msg === 'incoming request' && l.req?.url.startsWith('/api/v1/events')),
  ).toHaveLength(1);
  ws.close();

  // A public page's live push left by its client: opened, then aborted (it never completes).
  const station = (await t.makeStation(u.token)) as { slug: string };
  const url = `/api/v1/public/events?station=${station.slug}`;
  await new Promise<void>((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: url }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', reject);
  });
  await expect
    .poll(() => lines.filter((l) => l.req?.url === url).map((l) => l.msg))
    .toEqual(['incoming request', 'request aborted']);
});
