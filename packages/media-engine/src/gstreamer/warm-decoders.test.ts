import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChildProc, ExitInfo, SpawnRequest } from './process.js';
import { createWarmDecoders, REFILL_AFTER_TAKE_MS, refillDelayMs } from './warm-decoders.js';

// The pool of warm decoders: bounded, replaced in the background after a take, never respawned
// in a tight loop when GStreamer cannot start, and empty for good once closed.

interface FakeChild extends ChildProc {
  die: () => void;
  killed: boolean;
}

function fakeSpawner(): { spawn: (req: SpawnRequest) => ChildProc; spawned: FakeChild[] } {
  const spawned: FakeChild[] = [];
  let pid = 100;
  return {
    spawned,
    spawn: (req) => {
      expect(req.args.slice(0, 5)).toEqual(['-q', 'fdsrc', 'fd=0', '!', 'decodebin']);
      let exit: (info: ExitInfo) => void = () => undefined;
      let done = false;
      const child: FakeChild = {
        pid: pid++,
        stdin: new PassThrough(),
        stdout: new PassThrough(),
        exited: new Promise<ExitInfo>((r) => (exit = r)),
        hasExited: () => done,
        kill: () => {
          child.killed = true;
          child.die();
        },
        stderrTail: () => '',
        killed: false,
        die: () => {
          done = true;
          exit({ code: 1, signal: null });
        },
      };
      spawned.push(child);
      return child;
    },
  };
}

// Lets the exit promise callbacks run.
const settle = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

describe('refillDelayMs', () => {
  it.each([
    [0, REFILL_AFTER_TAKE_MS],
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [5, 32_000],
    [6, 60_000],
    [40, 60_000],
  ])('after %i idle deaths in a row waits %i ms', (died, ms) => {
    expect(refillDelayMs(died)).toBe(ms);
  });
});

describe('warm decoders', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts its size at once and replaces a taken decoder after the item is on air', async () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 2);
    expect(f.spawned).toHaveLength(2);
    expect(pool.take()).toBe(f.spawned[0]);
    expect(pool.idle()).toBe(1);
    await vi.advanceTimersByTimeAsync(REFILL_AFTER_TAKE_MS - 1);
    expect(f.spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.spawned).toHaveLength(3);
    expect(pool.idle()).toBe(2);
    pool.close();
  });

  it('leaves a taken decoder alone: its death is the deck’s business', async () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 1);
    const taken = pool.take() as FakeChild;
    taken.die();
    await settle();
    await vi.advanceTimersByTimeAsync(REFILL_AFTER_TAKE_MS);
    expect(f.spawned).toHaveLength(2);
    expect(pool.idle()).toBe(1);
    pool.close();
  });

  it('hands out nothing when every warm decoder is taken or dead', async () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 1);
    expect(pool.take()).toBeDefined();
    expect(pool.take()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(REFILL_AFTER_TAKE_MS);
    f.spawned[1]?.die();
    // Dead but its exit not yet seen: still never handed out.
    expect(pool.take()).toBeUndefined();
    pool.close();
  });

  it('backs off when idle decoders keep dying', async () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 1);
    for (const wait of [2_000, 4_000, 8_000]) {
      f.spawned.at(-1)?.die();
      await settle();
      const before = f.spawned.length;
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(f.spawned).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(f.spawned).toHaveLength(before + 1);
    }
    // One that lived until it was used resets the back-off.
    expect(pool.take()).toBeDefined();
    await vi.advanceTimersByTimeAsync(REFILL_AFTER_TAKE_MS);
    expect(pool.idle()).toBe(1);
    pool.close();
  });

  it('kills its idle decoders on close and starts no more', async () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 2);
    pool.take();
    pool.close();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(f.spawned).toHaveLength(2);
    expect(f.spawned[1]?.killed).toBe(true);
    expect(f.spawned[0]?.killed).toBe(false);
    expect(pool.idle()).toBe(0);
  });

  it('spawns nothing at size 0', () => {
    const f = fakeSpawner();
    const pool = createWarmDecoders(f.spawn, 0);
    expect(pool.take()).toBeUndefined();
    expect(f.spawned).toHaveLength(0);
  });
});
