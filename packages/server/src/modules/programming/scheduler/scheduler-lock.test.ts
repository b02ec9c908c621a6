import { describe, expect, it } from 'vitest';
import { inProcessLock } from './scheduler-lock.js';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('inProcessLock', () => {
  it('skips withLock work while the key is held and runs it once free', async () => {
    const lock = inProcessLock();
    const gate = deferred();
    const first = lock.withLock('a', async () => {
      await gate.promise;
      return 'first';
    });
    expect(await lock.withLock('a', () => Promise.resolve('second'))).toBeUndefined();
    expect(await lock.withLock('b', () => Promise.resolve('other key'))).toBe('other key');
    gate.resolve();
    expect(await first).toBe('first');
    expect(await lock.withLock('a', () => Promise.resolve('third'))).toBe('third');
  });

  it('queues waitFor callers in order and releases after a failure', async () => {
    const lock = inProcessLock();
    const order: string[] = [];
    const gate = deferred();
    const a = lock.waitFor('k', async () => {
      await gate.promise;
      order.push('a');
      throw new Error('boom');
    });
    const b = lock.waitFor('k', () => {
      order.push('b');
      return Promise.resolve('b');
    });
    gate.resolve();
    await expect(a).rejects.toThrow('boom');
    expect(await b).toBe('b');
    expect(order).toEqual(['a', 'b']);
    expect(await lock.withLock('k', () => Promise.resolve('free'))).toBe('free');
  });
});
