import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { GrimnirEvent } from '@grimnir/contracts';
import { createRedisEventBus } from './redis-event-bus.js';

const url = process.env.GRIMNIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function bus(channel: string) {
  const redis = new Redis(url);
  const b = await createRedisEventBus({ redis, channel, log: silent });
  cleanups.push(
    () => redis.quit(),
    () => b.close(),
  );
  return b;
}

const event = (stationId: string): GrimnirEvent => ({
  type: 'schedule_update',
  payload: {
    station_id: stationId,
    at: '2026-01-01T00:00:00.000Z',
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-01-02T00:00:00.000Z',
    reason: 'test',
  },
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('Redis event bus', () => {
  it('delivers across replicas exactly once, and locally without a round trip', async () => {
    const channel = `grimnir-test:${randomUUID()}`;
    const [a, b] = [await bus(channel), await bus(channel)];
    const seenA: GrimnirEvent[] = [];
    const seenB: GrimnirEvent[] = [];
    a.subscribe((e) => seenA.push(e));
    b.subscribe((e) => seenB.push(e));
    a.publish(event('s1'));
    expect(seenA).toHaveLength(1);
    await until(() => seenB.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(seenB).toEqual([event('s1')]);
    expect(seenA).toHaveLength(1);
  });

  it('drops malformed events from the channel', async () => {
    const channel = `grimnir-test:${randomUUID()}`;
    const b = await bus(channel);
    const seen: GrimnirEvent[] = [];
    b.subscribe((e) => seen.push(e));
    const raw = new Redis(url);
    cleanups.push(() => raw.quit());
    await raw.publish(
      channel,
      JSON.stringify({ origin: 'x', event: { type: 'now_playing', payload: { nope: 1 } } }),
    );
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ origin: 'x', event: event('s2') }));
    await until(() => seen.length > 0);
    expect(seen).toEqual([event('s2')]);
  });
});
