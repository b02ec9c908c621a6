import { describe, expect, it } from 'vitest';
import { initialLease, nextLease, type LeaseEvent } from './leader-lease.js';

describe('nextLease', () => {
  it.each<[string, LeaseEvent[], boolean]>([
    ['acquire makes leader', [{ kind: 'acquired', at: 0, leaseMs: 15_000 }], true],
    [
      'error within lease keeps leadership',
      [
        { kind: 'acquired', at: 0, leaseMs: 15_000 },
        { kind: 'error', at: 10_000 },
      ],
      true,
    ],
    [
      'error after lease expiry drops it',
      [
        { kind: 'acquired', at: 0, leaseMs: 15_000 },
        { kind: 'error', at: 15_000 },
      ],
      false,
    ],
    [
      'renewal extends the lease',
      [
        { kind: 'acquired', at: 0, leaseMs: 15_000 },
        { kind: 'renewed', at: 10_000, leaseMs: 15_000 },
        { kind: 'error', at: 20_000 },
      ],
      true,
    ],
    [
      'lost is immediate',
      [
        { kind: 'acquired', at: 0, leaseMs: 15_000 },
        { kind: 'lost', at: 1 },
      ],
      false,
    ],
    ['error as follower stays follower', [{ kind: 'error', at: 5 }], false],
  ])('%s', (_name, events, leader) => {
    expect(events.reduce(nextLease, initialLease).leader).toBe(leader);
  });
});
