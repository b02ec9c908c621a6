import { describe, expect, it } from 'vitest';
import type { Ack } from '@grimnir/contracts';
import type { EngineClient } from './engine-client.js';
import { createEngineRouter, engineFor } from './engine-router.js';

const ids = Array.from({ length: 3000 }, (_, i) => `station-${i}`);
const OK: Ack = { ok: true, message: '' };

/** A client that records which calls reached it. */
function recorder(name: string, log: string[]): EngineClient {
  return new Proxy({} as EngineClient, {
    get:
      (_t, method: string) =>
      (...args: unknown[]) => {
        const first = args[0];
        const id = typeof first === 'string' ? first : (first as { station_id: string }).station_id;
        log.push(`${name}:${method}:${id}`);
        return method.startsWith('subscribe') ? { close: () => undefined } : Promise.resolve(OK);
      },
  });
}

describe('engineFor', () => {
  it('is stable and the same on every replica', () => {
    const addrs = ['a:9091', 'b:9091', 'c:9091'];
    for (const id of ids.slice(0, 50)) expect(engineFor(id, addrs)).toBe(engineFor(id, [...addrs]));
  });

  it('spreads stations evenly', () => {
    const addrs = ['a:9091', 'b:9091', 'c:9091'];
    const counts = [0, 0, 0];
    for (const id of ids) counts[engineFor(id, addrs)]! += 1;
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('adding an engine moves only stations onto the new engine (about 1/N)', () => {
    const before = ['a:9091', 'b:9091', 'c:9091'];
    const after = [...before, 'd:9091'];
    let moved = 0;
    for (const id of ids) {
      const was = before[engineFor(id, before)];
      const now = after[engineFor(id, after)];
      if (was !== now) {
        moved += 1;
        expect(now).toBe('d:9091');
      }
    }
    expect(moved / ids.length).toBeGreaterThan(0.2);
    expect(moved / ids.length).toBeLessThan(0.3);
  });

  it('refuses an empty list', () => {
    expect(() => engineFor('x', [])).toThrow(/no media engine/);
  });
});

describe('createEngineRouter', () => {
  it('is the single client itself with one address', () => {
    const only = recorder('only', []);
    expect(createEngineRouter(['a:1'], () => only)).toBe(only);
  });

  it('sends every station call to the station engine and spreads analysis', async () => {
    const log: string[] = [];
    const addrs = ['a:1', 'b:1'];
    const router = createEngineRouter(addrs, (address) => recorder(address, log));
    const station = ids.find((id) => engineFor(id, addrs) === 1)!;
    await router.configureStation({ station_id: station } as never);
    await router.load(station, {} as never, true);
    await router.transition(station, 300, 'LINEAR');
    await router.insertEmergency({ station_id: station } as never);
    await router.status(station);
    router.subscribeEvents(station, () => undefined).close();
    router.subscribeOutput(station, 'main', () => undefined).close();
    expect(log.every((l) => l.startsWith('b:1:'))).toBe(true);
    expect(log).toHaveLength(7);
    log.length = 0;
    await router.analyze('/m/1.mp3');
    await router.analyze('/m/2.mp3');
    expect(log.map((l) => l.split(':')[0])).toEqual(['a', 'b']);
  });
});
