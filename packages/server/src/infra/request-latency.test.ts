import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { bucketOf, createRequestLatency, quantileOf, valueOfBucket } from './request-latency.js';

const names = {
  summary: { name: 'req_seconds', help: 'latency' },
  histogram: { name: 'req_seconds_histogram', help: 'latency (histogram)' },
};

function setup() {
  let now = Date.parse('2026-12-07T10:00:00Z');
  const registry = new Registry();
  const latency = createRequestLatency({
    registry,
    names,
    quantiles: [0.5, 0.9, 0.99],
    buckets: [0.01, 0.1, 1],
    now: () => now,
  });
  const line = async (re: RegExp) => {
    const text = await registry.metrics();
    const m = text.split('\n').find((l) => re.test(l));
    return m === undefined ? undefined : Number(m.split(' ').at(-1));
  };
  return { latency, registry, line, advance: (ms: number) => (now += ms) };
}

describe('log buckets', () => {
  it('stand for every value within 2.5 %', () => {
    for (const v of [1.2e-5, 3e-4, 0.0123, 0.5, 1, 7.77, 99]) {
      const back = valueOfBucket(bucketOf(v));
      expect(Math.abs(back - v) / v).toBeLessThanOrEqual(0.025);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1e-6)).toBe(0);
  });

  it('give the quantiles of a spread of values', () => {
    // 1 ms to 1,000 ms in steps of 1 ms: the exact p50 is 500 ms, p90 900 ms, p99 990 ms.
    const counts = new Map<number, number>();
    for (let ms = 1; ms <= 1_000; ms++) {
      const b = bucketOf(ms / 1000);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    for (const [q, exact] of [
      [0.5, 0.5],
      [0.9, 0.9],
      [0.99, 0.99],
    ] as const)
      expect(Math.abs(quantileOf(counts, q)! - exact) / exact).toBeLessThan(0.03);
    expect(quantileOf(new Map(), 0.5)).toBeUndefined();
  });
});

describe('createRequestLatency', () => {
  it('exposes the summary the guide alerts on and an exact histogram', async () => {
    const t = setup();
    for (let i = 0; i < 98; i++) t.latency.observe('GET', '/healthz', 200, 0.002);
    t.latency.observe('GET', '/healthz', 200, 0.5);
    t.latency.observe('GET', '/healthz', 200, 3);
    t.latency.observe('POST', '/api/v1/auth/login', 401, 0.05);
    const text = await t.registry.metrics();
    expect(text).toContain('# TYPE req_seconds summary');
    expect(text).toContain('# TYPE req_seconds_histogram histogram');
    // Label order as prom-client wrote it (dashboards and tests match on it).
    const p99 = await t.line(/^req_seconds\{quantile="0.99",method="GET",route="\/healthz"/);
    expect(p99).toBeGreaterThan(0.48);
    expect(p99).toBeLessThan(0.52);
    expect(await t.line(/^req_seconds\{quantile="0.5",method="GET"/)).toBeCloseTo(0.002, 3);
    expect(await t.line(/^req_seconds_count\{method="GET"/)).toBe(100);
    expect(await t.line(/^req_seconds_sum\{method="GET"/)).toBeCloseTo(98 * 0.002 + 3.5, 6);
    const bucket = (le: string) =>
      t.line(new RegExp(`^req_seconds_histogram_bucket\\{le="${le}",method="GET"`));
    expect(await bucket('0.01')).toBe(98);
    expect(await bucket('0.1')).toBe(98);
    expect(await bucket('1')).toBe(99);
    expect(await bucket('\\+Inf')).toBe(100);
    expect(
      await t.line(
        /^req_seconds\{quantile="0.5",method="POST",route="\/api\/v1\/auth\/login",status="401"\}/,
      ),
    ).toBeCloseTo(0.05, 2);
  });

  it('forgets requests older than ten minutes in the quantiles, never in the counts', async () => {
    const t = setup();
    t.latency.observe('GET', '/slow', 200, 2);
    t.advance(5 * 60_000);
    t.latency.observe('GET', '/slow', 200, 0.01);
    expect(await t.line(/^req_seconds\{quantile="0.99",method="GET"/)).toBeGreaterThan(1.9);
    t.advance(6 * 60_000);
    // The 2 s request is out of the window; the 10 ms one is not yet.
    expect(await t.line(/^req_seconds\{quantile="0.99",method="GET"/)).toBeCloseTo(0.01, 3);
    t.advance(10 * 60_000);
    expect(await t.line(/^req_seconds\{quantile="0.99",method="GET"/)).toBeNaN();
    expect(await t.line(/^req_seconds_count\{method="GET"/)).toBe(2);
    expect(await t.line(/^req_seconds_histogram_bucket\{le="\+Inf",method="GET"/)).toBe(2);
  });
});
