import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisAccessSignals } from './access-signals.js';

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

async function replica(channel: string) {
  const redis = new Redis(url);
  const signals = await createRedisAccessSignals({ redis, channel, log: silent });
  cleanups.push(
    () => redis.quit(),
    () => signals.close(),
  );
  const heard: string[] = [];
  signals.subscribe((id) => heard.push(id));
  return { signals, heard };
}

describe('access signals across replicas', () => {
  it('a logout on one replica reaches the others once, and its own at once', async () => {
    const channel = `grimnir-test-access-${randomUUID()}`;
    const a = await replica(channel);
    const b = await replica(channel);
    const user = randomUUID();
    a.signals.publish(user);
    // Local delivery is synchronous: the replica that changed the rights acts before replying.
    expect(a.heard).toEqual([user]);
    await expect.poll(() => b.heard).toEqual([user]);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.heard).toEqual([user]);
  });

  it('ignores messages that are not a user id', async () => {
    const channel = `grimnir-test-access-${randomUUID()}`;
    const a = await replica(channel);
    const raw = new Redis(url);
    cleanups.push(() => raw.quit());
    await raw.publish(channel, 'someone {"not":"an id"}');
    await raw.publish(channel, `someone ${'x'.repeat(100)}`);
    await raw.publish(channel, 'someone ok-id-1');
    await expect.poll(() => a.heard).toEqual(['ok-id-1']);
  });
});
