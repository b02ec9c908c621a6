import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveAuth } from './live-auth.js';
import type { LiveMetrics } from './live.metrics.js';
import type { LiveSessions } from './live-sessions.js';
import { createSourceHandler } from './source-connection.js';
import { installSourceFront } from './source-front.js';

// Issue 11 item 6: /live gets one header deadline from accept and a per-address cap on source
// connections that have not authenticated yet. Real sockets against the real front and handler;
// authentication is a stub that refuses everyone (reaching it is what the cap tests look for).

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function start(headerTimeoutMs: number, maxUnauthenticatedPerIp = 4) {
  const authCalls: string[] = [];
  const auth = {
    source: (target: string) => {
      authCalls.push(target);
      return Promise.resolve({
        refused: true,
        status: 401,
        reason: 'unauthorized',
        message: 'wrong password',
      });
    },
  } as unknown as LiveAuth;
  const metrics = { refused: () => undefined } as unknown as LiveMetrics;
  const handler = createSourceHandler({
    auth,
    sessions: {} as LiveSessions,
    metrics,
    log: pino({ level: 'silent' }),
    maxUnauthenticatedPerIp,
  });
  server = http.createServer((_req, res) => res.end('http'));
  installSourceFront(server, handler, headerTimeoutMs);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, authCalls };
}

/** A raw client: what it received and when the server closed it. */
function client(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
  return { socket, closed, received: () => received };
}

describe('/live source front', () => {
  it('drops a client that dribbles its headers past the deadline', async () => {
    const { port, authCalls } = await start(400);
    const c = client(port);
    const started = Date.now();
    c.socket.write('SOURCE /live/main HTTP/1.0\r\n');
    // One header byte every 50 ms for up to 10 s: each byte arrives well within any idle
    // timeout, only a deadline on the head as a whole ends it.
    const header = 'X-Slow: ' + 'a'.repeat(200);
    let i = 0;
    const drip = setInterval(() => {
      if (!c.socket.destroyed && i < header.length) c.socket.write(header[i++] ?? '');
    }, 50);
    const closedAt = await c.closed;
    clearInterval(drip);
    expect(closedAt - started).toBeLessThan(header.length * 50);
    expect(i).toBeLessThan(header.length);
    expect(c.received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(c.received()).toContain('timeout');
    expect(authCalls).toEqual([]);
  });

  it('caps unauthenticated source connections per address', async () => {
    const { port, authCalls } = await start(10_000, 2);
    // Two clients hold their heads open (request line sent, headers never finished).
    const holders = [client(port), client(port)];
    for (const h of holders) h.socket.write('SOURCE /live/main HTTP/1.0\r\nX-A: 1\r\n');
    await new Promise((r) => setTimeout(r, 200));
    const third = client(port);
    third.socket.write('SOURCE /live/main HTTP/1.0\r\nAuthorization: Basic eDp5\r\n\r\n');
    await third.closed;
    expect(third.received()).toMatch(/^HTTP\/1\.1 429 /);
    expect(authCalls).toEqual([]);
    // One holder leaves: the next connection gets as far as authentication.
    holders[0]?.socket.destroy();
    await holders[0]?.closed;
    // The server notices the hang-up on its own time: retry until it has (bounded).
    let answer = '';
    for (let i = 0; i < 100 && !answer.startsWith('HTTP/1.0 401'); i++) {
      const next = client(port);
      next.socket.write('SOURCE /live/main HTTP/1.0\r\nAuthorization: Basic eDp5\r\n\r\n');
      await next.closed;
      answer = next.received();
      if (!answer.startsWith('HTTP/1.0 401')) await new Promise((r) => setTimeout(r, 50));
    }
    expect(answer).toMatch(/^HTTP\/1\.0 401 /);
    expect(authCalls).toEqual(['/live/main']);
    holders[1]?.socket.destroy();
  });

  it('leaves plain HTTP requests to the HTTP server', async () => {
    const { port } = await start(400, 1);
    const res = await fetch(`http://127.0.0.1:${port}/x`);
    expect(await res.text()).toBe('http');
  });
});
