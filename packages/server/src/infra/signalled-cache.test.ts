import { describe, expect, it } from 'vitest';
import { createSignalledCache } from './signalled-cache.js';

interface UserState {
  id: string;
  tokenVersion: number;
}

function setup() {
  let now = 0;
  const handlers: ((id: string) => void)[] = [];
  const db = new Map<string, UserState>([['u1', { id: 'u1', tokenVersion: 0 }]]);
  let reads = 0;
  let gate: Promise<void> | undefined;
  const cache = createSignalledCache<UserState | undefined>({
    async load(id) {
      reads += 1;
      const snapshot = db.get(id) && { ...db.get(id)! };
      await gate;
      return snapshot;
    },
    subscribe: (h) => {
      handlers.push(h);
      return () => undefined;
    },
    nowMs: () => now,
    ttlMs: 1000,
  });
  return {
    cache,
    db,
    signal: (id: string) => handlers.forEach((h) => h(id)),
    advance: (ms: number) => (now += ms),
    reads: () => reads,
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('signalled cache', () => {
  it('serves repeat reads from memory and re-reads after a signal or the lifetime', async () => {
    const s = setup();
    await s.cache.get('u1');
    await s.cache.get('u1');
    expect(s.reads()).toBe(1);
    s.db.get('u1')!.tokenVersion = 1;
    s.signal('u1');
    expect((await s.cache.get('u1'))?.tokenVersion).toBe(1);
    expect(s.reads()).toBe(2);
    s.advance(1000);
    await s.cache.get('u1');
    expect(s.reads()).toBe(3);
  });

  it('does not store a read that was in flight when the user was signalled', async () => {
    const s = setup();
    const release = s.hold();
    const slow = s.cache.get('u1');
    // The logout lands while the read (of the old version) is still running.
    s.db.get('u1')!.tokenVersion = 7;
    s.signal('u1');
    release();
    expect((await slow)?.tokenVersion).toBe(0);
    expect((await s.cache.get('u1'))?.tokenVersion).toBe(7);
  });

  it('remembers unknown users too, until signalled', async () => {
    const s = setup();
    expect(await s.cache.get('ghost')).toBeUndefined();
    expect(await s.cache.get('ghost')).toBeUndefined();
    expect(s.reads()).toBe(1);
  });
});
