import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../infra/metrics.js';
import { createFastPaths, type FastPaths } from './fast-path.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A server whose Fastify route and fast path answer differently, so a reply says who answered. */
async function serve() {
  const metrics = createMetrics({ defaultMetrics: false });
  const fast: FastPaths = createFastPaths({
    headers: { 'x-content-type-options': 'nosniff' },
    metrics,
    log: { error: () => undefined },
  });
  let answers = 0;
  fast.get('/healthz', () => {
    answers += 1;
    return Promise.resolve({ code: 503, json: '{"status":"degraded"}' });
  });
  app = Fastify();
  fast.install(app.server);
  app.get('/healthz', () => ({ from: 'fastify' }));
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { base, fast, metrics, answers: () => answers };
}

describe('fast paths', () => {
  it('answers an exact GET before Fastify, with its headers, request id and latency metric', async () => {
    const s = await serve();
    const res = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'lb-probe.7' } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBe('lb-probe.7');
    // An id a proxy could not have meant (or none) is replaced by a minted one.
    const minted = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'a b' } });
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const text = await s.metrics.registry.getSingleMetricAsString('http_request_duration_seconds');
    expect(text).toMatch(/_count\{method="GET",route="\/healthz",status="503"\} 2/);
    expect(s.answers()).toBe(2);
  });

  it('leaves HEAD, query strings and other paths to Fastify, and everything once closing', async () => {
    const s = await serve();
    expect(await (await fetch(`${s.base}/healthz?verbose=1`)).json()).toEqual({ from: 'fastify' });
    expect((await fetch(`${s.base}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${s.base}/nothing`)).status).toBe(404);
    expect(s.answers()).toBe(0);
    s.fast.close();
    expect(await (await fetch(`${s.base}/healthz`)).json()).toEqual({ from: 'fastify' });
    expect(s.answers()).toBe(0);
  });
});
