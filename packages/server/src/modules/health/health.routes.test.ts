import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { singleInstanceLeadership } from '../../infra/leadership.js';
import { createMetrics } from '../../infra/metrics.js';
import { createFastPaths } from '../../plugins/fast-path.js';
import { HEALTH_REUSE_MS, registerHealthRoutes } from './health.routes.js';

/** A health route whose database ping waits until the test lets it answer. */
function setup() {
  let pings = 0;
  let answer: (() => void) | undefined;
  let failing = false;
  let nowMs = 0;
  const app = Fastify();
  const fast = createFastPaths({
    headers: {},
    metrics: createMetrics({ defaultMetrics: false }),
    log: { error: () => undefined },
  });
  registerHealthRoutes(app, fast, {
    ping: () => {
      pings += 1;
      return new Promise<void>((resolve, reject) => {
        answer = () => (failing ? reject(new Error('down')) : resolve());
      });
    },
    engineReady: null,
    redisPing: null,
    offAirStations: () => Promise.resolve([]),
    leadership: singleInstanceLeadership(),
    startedAt: 0,
    now: () => 0,
    monotonicMs: () => nowMs,
  });
  return {
    app,
    advance: (ms: number) => (nowMs += ms),
    pings: () => pings,
    answer: () => answer?.(),
    fail: () => (failing = true),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('/healthz under concurrent polls', () => {
  it('answers requests that arrive during a check with that check', async () => {
    const h = setup();
    const replies = Array.from({ length: 5 }, () => h.app.inject({ url: '/healthz' }));
    await settle();
    expect(h.pings()).toBe(1);
    h.answer();
    const codes = (await Promise.all(replies)).map((r) => r.statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200]);
  });

  it('checks again for a request that comes after the check ended', async () => {
    const h = setup();
    const first = h.app.inject({ url: '/healthz' });
    await settle();
    h.answer();
    expect((await first).statusCode).toBe(200);
    h.fail();
    // Within the reuse window the answer stands; after it, the dependencies are checked again.
    h.advance(HEALTH_REUSE_MS - 1);
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(h.pings()).toBe(1);
    h.advance(1);
    const second = h.app.inject({ url: '/healthz' });
    await settle();
    h.answer();
    const res = await second;
    expect(h.pings()).toBe(2);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded', reasons: ['database unreachable'] });
  });
});
