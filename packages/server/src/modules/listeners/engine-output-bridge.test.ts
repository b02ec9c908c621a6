import { describe, expect, it, vi } from 'vitest';
import { icyTitle, startEngineOutputBridge } from './engine-output-bridge.js';

describe('icyTitle', () => {
  it.each([
    [{ artist: 'Grimnir', title: 'Tone' }, 'Grimnir - Tone'],
    [{ artist: '  ', title: 'Station ID' }, 'Station ID'],
  ])('%j → %s', (p, want) => {
    expect(icyTitle(p)).toBe(want);
  });
});

describe('the engine output bridge after an engine restart', () => {
  it('reopens a feed gone quiet within seconds, not at the next 10 s round', async () => {
    vi.useFakeTimers();
    try {
      const subs: { onData: (c: Buffer) => void; closed: boolean }[] = [];
      const mount = {
        id: 'm1',
        stationId: 's1',
        name: 'soak.mp3',
        format: 'mp3',
        bitrateKbps: 128,
        sampleRate: 44_100,
        channels: 2,
      };
      const published: number[] = [];
      const bridge = startEngineOutputBridge({
        engine: {
          status: () => Promise.resolve({}),
          subscribeOutput: (_s: string, _m: string, onData: (c: Buffer) => void) => {
            const sub = { onData, closed: false };
            subs.push(sub);
            return { close: () => (sub.closed = true) };
          },
        } as unknown as Parameters<typeof startEngineOutputBridge>[0]['engine'],
        stations: { list: () => Promise.resolve([{ id: 's1', active: true }]) } as never,
        mounts: { listByStation: () => Promise.resolve([mount]) } as never,
        broadcasts: {
          open: () => Promise.resolve({ publish: (c: Buffer) => published.push(c.length) }),
          close: () => undefined,
          get: () => undefined,
        } as never,
        events: { subscribe: () => () => undefined } as never,
        log: { warn: () => undefined, info: () => undefined },
        now: () => Date.now(),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(subs).toHaveLength(1);
      // Audio flows: nothing is reopened.
      for (let i = 0; i < 20; i++) {
        subs[0]!.onData(Buffer.alloc(100));
        await vi.advanceTimersByTimeAsync(250);
      }
      expect(subs).toHaveLength(1);
      // The engine is killed and restarted: the old subscription stays silent.
      await vi.advanceTimersByTimeAsync(4_000);
      expect(subs).toHaveLength(2);
      expect(subs[0]!.closed).toBe(true);
      subs[1]!.onData(Buffer.alloc(100));
      expect(published.at(-1)).toBe(100);
      bridge.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
