import { describe, expect, it } from 'vitest';
import { EXECUTOR_STATES, type ExecutorState } from '@grimnir/contracts';
import {
  EXECUTOR_STATE_CODE,
  isExecutorState,
  transition,
  type ExecutorEvent,
} from './executor-state.js';

describe('executor state machine', () => {
  const cases: [ExecutorState, ExecutorEvent, ExecutorState, boolean][] = [
    ['idle', { type: 'preload' }, 'preloading', true],
    ['preloading', { type: 'track_started' }, 'playing', true],
    ['idle', { type: 'track_started' }, 'playing', true],
    ['playing', { type: 'fade_started' }, 'fading', true],
    ['fading', { type: 'fade_done' }, 'playing', true],
    ['fading', { type: 'track_started' }, 'fading', false],
    ['playing', { type: 'preload' }, 'playing', false],
    ['idle', { type: 'fade_started' }, 'idle', false],
    ['playing', { type: 'fade_done' }, 'playing', false],
    ['playing', { type: 'live_on' }, 'live', true],
    ['live', { type: 'track_started' }, 'live', false],
    ['live', { type: 'live_off' }, 'playing', true],
    ['live', { type: 'emergency_on' }, 'emergency', true],
    ['playing', { type: 'emergency_on' }, 'emergency', true],
    ['emergency', { type: 'track_started' }, 'emergency', false],
    ['emergency', { type: 'live_on' }, 'emergency', false],
    ['emergency', { type: 'emergency_off', liveActive: false }, 'playing', true],
    ['emergency', { type: 'emergency_off', liveActive: true }, 'live', true],
    ['playing', { type: 'emergency_off', liveActive: false }, 'playing', false],
    ['emergency', { type: 'stop' }, 'idle', true],
    ['live', { type: 'stop' }, 'idle', true],
    ['fading', { type: 'stop' }, 'idle', true],
    ['idle', { type: 'live_off' }, 'idle', false],
  ];
  it.each(cases)('%s + %o → %s', (from, ev, to, accepted) => {
    expect(transition(from, ev)).toEqual({ from, to, accepted });
  });

  it('gives every state a distinct metric code', () => {
    const codes = EXECUTOR_STATES.map((s) => EXECUTOR_STATE_CODE[s]);
    expect(new Set(codes).size).toBe(EXECUTOR_STATES.length);
    expect(EXECUTOR_STATE_CODE).toEqual({
      idle: 0,
      preloading: 1,
      playing: 2,
      fading: 3,
      live: 4,
      emergency: 5,
    });
  });

  it('recognises stored state names', () => {
    expect(isExecutorState('fading')).toBe(true);
    expect(isExecutorState('stopped')).toBe(false);
  });
});
