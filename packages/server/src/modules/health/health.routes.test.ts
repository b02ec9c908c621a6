import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { singleInstanceLeadership } from '../../infra/leadership.js';
import { registerHealthRoutes } from './health.routes.js';

/** A health route whose database ping waits until the test lets it answer. */
function setup() {
  let pings = 0;
  let answer: (() => void) | undefined;
  let failing = false;
  const app = Fastify();
  registerHealthRoutes(app, {
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
  });
  return {
    app,
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
    const second = h.app.inject({ url: '/healthz' });
    await settle();
    h.answer();
    const res = await second;
    expect(h.pings()).toBe(2);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded', reasons: ['database unreachable'] });
  });
});
