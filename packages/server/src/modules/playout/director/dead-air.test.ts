import { describe, expect, it } from 'vitest';
import { decideDeadAir, type DeadAirAction, type DeadAirObservation } from './dead-air.js';

const now = 1_000_000;
const base: DeadAirObservation = {
  nowMs: now,
  silence: undefined,
  noSourceSinceMs: undefined,
  shouldPlay: true,
  liveOnAir: false,
  lastActionAtMs: undefined,
  hasNextItem: true,
};

describe('decideDeadAir (threshold 10 s)', () => {
  const cases: [string, Partial<DeadAirObservation>, DeadAirAction][] = [
    ['nothing wrong', {}, { kind: 'none' }],
    [
      'silence below the threshold',
      { silence: { durationMs: 9_000, reportedAtMs: now } },
      { kind: 'none' },
    ],
    [
      'exactly at the threshold is still tolerated',
      { silence: { durationMs: 10_000, reportedAtMs: now } },
      { kind: 'none' },
    ],
    [
      'silence over the threshold skips',
      { silence: { durationMs: 10_001, reportedAtMs: now } },
      { kind: 'skip', reason: 'silence', deadMs: 10_001 },
    ],
    [
      'silence keeps growing after the report',
      { silence: { durationMs: 8_000, reportedAtMs: now - 3_000 } },
      { kind: 'skip', reason: 'silence', deadMs: 11_000 },
    ],
    [
      'no source over the threshold with nothing next goes to fallback',
      { noSourceSinceMs: now - 12_000, hasNextItem: false },
      { kind: 'fallback', reason: 'no_source', deadMs: 12_000 },
    ],
    [
      'stopped by an operator: silence is intended',
      { noSourceSinceMs: now - 60_000, shouldPlay: false },
      { kind: 'none' },
    ],
    [
      'a live show may be quiet',
      { silence: { durationMs: 60_000, reportedAtMs: now }, liveOnAir: true },
      { kind: 'none' },
    ],
    [
      'waits a full threshold after acting',
      { silence: { durationMs: 20_000, reportedAtMs: now }, lastActionAtMs: now - 5_000 },
      { kind: 'none' },
    ],
    [
      'acts again once the threshold has passed since the last action',
      { silence: { durationMs: 20_000, reportedAtMs: now }, lastActionAtMs: now - 10_500 },
      { kind: 'skip', reason: 'silence', deadMs: 20_000 },
    ],
  ];
  it.each(cases)('%s', (_name, patch, want) => {
    expect(decideDeadAir({ ...base, ...patch }, 10_000)).toEqual(want);
  });
});
