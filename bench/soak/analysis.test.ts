import { describe, expect, it } from 'vitest';
import { deadAirSplit } from './analysis.js';
import type { DeadAir } from './listener.js';

const T0 = 1_000_000;
const s = (x: number) => T0 + x * 1000;
const silence = (atS: number): DeadAir => ({ atMs: s(atS), seconds: 0.1, kind: 'silence' });
const stall = (fromS: number, toS: number): DeadAir => ({
  atMs: s(toS),
  seconds: toS - fromS,
  kind: 'stall',
});
// A kill at 100 s whose engine listened 1 s later: its window is 99–105 s.
const kill = (atS: number, listeningAfterS = 1) => ({
  atMs: s(atS),
  listeningAfterMs: listeningAfterS * 1000,
});

describe('deadAirSplit (the soak: dead air per kill and outside kills)', () => {
  const cases: {
    name: string;
    deadAir: DeadAir[];
    kills: ReturnType<typeof kill>[];
    outside: number;
    perKill: number[];
  }[] = [
    { name: 'nothing heard wrong', deadAir: [], kills: [kill(100)], outside: 0, perKill: [0] },
    {
      name: 'a stall inside a kill window is the kill’s',
      deadAir: [stall(100.2, 101.7)],
      kills: [kill(100)],
      outside: 0,
      perKill: [1.5],
    },
    {
      name: 'silence away from any kill is outside',
      deadAir: [silence(50), silence(50.1), silence(50.2)],
      kills: [kill(100)],
      outside: 0.3,
      perKill: [0],
    },
    {
      name: 'a stall that outlasts the window: the rest is outside',
      deadAir: [stall(100, 110)],
      kills: [kill(100)],
      outside: 5,
      perKill: [5],
    },
    {
      name: 'a stream that never came back spans later kills: each takes its window, the rest is outside',
      deadAir: [stall(100, 300)],
      kills: [kill(100), kill(130), kill(160)],
      outside: 200 - 5 - 6 - 6,
      perKill: [5, 6, 6],
    },
    {
      name: 'overlapping windows count once',
      deadAir: [stall(100, 104)],
      kills: [kill(100), kill(102)],
      outside: 0,
      perKill: [4, 0],
    },
    {
      name: 'an engine that took 30 s to listen: its window is that long',
      deadAir: [stall(100, 133)],
      kills: [kill(100, 30)],
      outside: 0,
      perKill: [33],
    },
    {
      name: 'only the run’s span counts',
      deadAir: [stall(-20, 10), silence(2_000)],
      kills: [],
      outside: 10,
      perKill: [],
    },
  ];
  it.each(cases)('$name', ({ deadAir, kills, outside, perKill }) => {
    const r = deadAirSplit(deadAir, kills, s(0), s(1_000));
    expect(r.outside_s).toBeCloseTo(outside, 1);
    expect(r.per_kill_s).toEqual(perKill);
  });

  it('names each stretch outside with when it began', () => {
    const r = deadAirSplit([stall(40, 42), silence(60), silence(60.1)], [], s(0), s(1_000));
    expect(r.outside_stretches).toEqual([
      { atMs: s(40), seconds: 2, kind: 'stall' },
      { atMs: s(60), seconds: 0.2, kind: 'silence' },
    ]);
    expect(r.longest_outside_s).toBe(2);
  });
});
