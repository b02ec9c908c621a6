import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutages } from '../infra/outages.js';
import { registerErrorHandlers } from './error-handler.js';
import { registerWebConsole } from './web-console.js';

// The console's static files beside the API: client routes fall back to index.html, the API
// and the audio paths keep their own answers, and caching follows the file kind.

let app: FastifyInstance;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'grimnir-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  app = Fastify();
  registerErrorHandlers(app, createOutages({ log: app.log, probes: {} }));
  app.get('/api/v1/things', () => ({ ok: true }));
  app.get('/stream/:mount', () => 'audio');
  expect(await registerWebConsole(app, `${root}/`)).toBe(true);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('web console serving', () => {
  it('serves index.html at / and for client routes, never cached, with a CSP', async () => {
    for (const url of ['/', '/stations/abc/on-air', '/login?redirect=%2F']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>console</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets as immutable, other files briefly cached', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
    // An asset of an older build is a 404, not the page (a stale tab must not parse HTML as JS).
    const gone = await app.inject({ method: 'GET', url: '/assets/index-old999.js' });
    expect(gone.statusCode).toBe(404);
  });

  it('leaves the API, streams, public pages and probes alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/things' })).json()).toEqual({
      ok: true,
    });
    expect((await app.inject({ method: 'GET', url: '/stream/main' })).body).toBe('audio');
    for (const url of [
      '/api/v1/nope',
      '/stream/a/b',
      '/live/x/y',
      '/public/x',
      '/healthz',
      '/metrics',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: 'not_found' });
    }
  });

  it('does not serve files outside its root', async () => {
    const res = await app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    expect(res.body).not.toContain('root:');
  });
});
