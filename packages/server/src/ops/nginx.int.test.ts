// Runs the real nginx with deploy/nginx/grimnir-radio.conf (ports and certificate paths
// rewritten to loopback and a throwaway certificate) in front of a small upstream, and checks
// what the guide relies on: `nginx -t` passes, WebSockets upgrade, streams flow unbuffered in
// both directions, uploads above nginx's default limit pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  startNginx,
  tlsGet,
  type Reply,
  type RunningNginx,
} from '../test-support/deploy/nginx-runner.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const streamAck = { current: deferred() };
const liveFirstChunk = { current: deferred() };

function upstreamHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  if (url.startsWith('/stream/')) {
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.write('chunk-1;');
    // The second chunk only goes out once the client has seen the first: a buffering proxy
    // would hold chunk 1 and the request would never finish.
    void streamAck.current.promise.then(() => res.end('chunk-2;'));
    return;
  }
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    liveFirstChunk.current.resolve();
  });
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', path: url, received }));
  });
}

function collect(res: IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on('error', reject);
  });
}

describe('nginx with deploy/nginx/grimnir-radio.conf', () => {
  let dir = '';
  let upstream: Server | undefined;
  let nginx: RunningNginx | undefined;
  let httpPort = 0;
  let httpsPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'grimnir-nginx-'));
    upstream = createServer(upstreamHandler);
    const wss = new WebSocketServer({ noServer: true });
    upstream.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data: Buffer) => ws.send(`echo:${data.toString()}`));
      });
    });
    await new Promise<void>((r) => upstream!.listen(0, '127.0.0.1', r));
    nginx = await startNginx(dir, (upstream.address() as AddressInfo).port);
    ({ httpPort, httpsPort } = nginx);
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise<void>((r) => (upstream ? upstream.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function tls(method: string, path: string, headers: Record<string, string | number> = {}) {
    return httpsRequest({
      host: '127.0.0.1',
      port: httpsPort,
      method,
      path,
      headers: { host: 'radio.example.com', ...headers },
      rejectUnauthorized: false,
      agent: false,
    });
  }

  it('passes nginx -t', () => {
    expect(nginx?.configTest.status, nginx?.configTest.stderr).toBe(0);
    expect(nginx?.configTest.stderr).toContain('test is successful');
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: httpPort,
      path: '/healthz',
      headers: { host: 'radio.example.com' },
    });
    const reply = await new Promise<Reply>((resolve, reject) => {
      req.on('response', (res) => void collect(res).then(resolve, reject));
      req.on('error', reject);
      req.end();
    });
    expect(reply.status).toBe(301);
    expect(reply.headers['location']).toBe('https://radio.example.com/healthz');
  });

  it('proxies the API over TLS with the security headers', async () => {
    const reply = await tlsGet(httpsPort, '/healthz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'ok', path: '/healthz' });
    expect(reply.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('upgrades /api/v1/events to a WebSocket', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${httpsPort}/api/v1/events`, {
      rejectUnauthorized: false,
      headers: { host: 'radio.example.com' },
    });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('ping'));
      ws.on('message', (data: Buffer) => resolve(data.toString()));
      ws.on('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo:ping');
  });

  it('passes /stream/ audio to the listener as it comes (no response buffering)', async () => {
    streamAck.current = deferred();
    const req = tls('GET', '/stream/main.mp3');
    const body = await new Promise<string>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text.includes('chunk-1;')) streamAck.current.resolve();
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('chunk-1;chunk-2;');
  });

  it('passes a /live/ source body upstream as it comes (no request buffering)', async () => {
    liveFirstChunk.current = deferred();
    const req = tls('PUT', '/live/main', { 'content-type': 'audio/mpeg' });
    const replyPromise = new Promise<Reply>((resolve, reject) => {
      req.on('response', (res) => void collect(res).then(resolve, reject));
      req.on('error', reject);
    });
    req.write(Buffer.alloc(4096, 1));
    await liveFirstChunk.current.promise;
    req.end(Buffer.alloc(4096, 2));
    const reply = await replyPromise;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ received: 8192 });
  });

  it('accepts media uploads far above nginx defaults and refuses oversized API bodies', async () => {
    const size = 8 * 1024 * 1024;
    const upload = tls('POST', '/api/v1/media', { 'content-length': size });
    const uploaded = new Promise<Reply>((resolve, reject) => {
      upload.on('response', (res) => void collect(res).then(resolve, reject));
      upload.on('error', reject);
    });
    upload.end(Buffer.alloc(size, 7));
    expect(JSON.parse((await uploaded).body)).toMatchObject({ received: size });

    const tooBig = tls('POST', '/api/v1/stations', { 'content-length': 200 * 1024 * 1024 });
    const refused = await new Promise<Reply>((resolve, reject) => {
      tooBig.on('response', (res) => void collect(res).then(resolve, reject));
      tooBig.on('error', reject);
      tooBig.write('{}');
    });
    tooBig.destroy();
    expect(refused.status).toBe(413);
  });
});
