import { describe, expect, it } from 'vitest';
import { initialLease, leaderAt, nextLease, type LeaseEvent } from './leader-lease.js';

const acquired = (at: number, token = 1): LeaseEvent => ({
  kind: 'acquired',
  at,
  leaseMs: 4_000,
  token,
});

describe('nextLease', () => {
  it.each<[string, LeaseEvent[], boolean]>([
    ['acquire makes leader', [acquired(0)], true],
    ['error within lease keeps leadership', [acquired(0), { kind: 'error', at: 3_000 }], true],
    ['error after lease expiry drops it', [acquired(0), { kind: 'error', at: 4_000 }], false],
    ['a silent timer past the lease drops it', [acquired(0), { kind: 'tick', at: 4_000 }], false],
    [
      'renewal extends the lease',
      [acquired(0), { kind: 'renewed', at: 3_000, leaseMs: 4_000 }, { kind: 'error', at: 6_500 }],
      true,
    ],
    ['lost is immediate', [acquired(0), { kind: 'lost', at: 1 }], false],
    ['error as follower stays follower', [{ kind: 'error', at: 5 }], false],
  ])('%s', (_name, events, leader) => {
    expect(events.reduce(nextLease, initialLease).leader).toBe(leader);
  });

  it('keeps the term token through renewals and loss, and takes the new one on acquisition', () => {
    const s1 = [acquired(0, 7), { kind: 'renewed', at: 1_000, leaseMs: 4_000 } as const].reduce(
      nextLease,
      initialLease,
    );
    expect(s1.token).toBe(7);
    const lost = nextLease(s1, { kind: 'lost', at: 2_000 });
    expect(lost).toMatchObject({ leader: false, token: 7 });
    expect(nextLease(lost, acquired(3_000, 9)).token).toBe(9);
  });
});

describe('leaderAt', () => {
  it('is leader only before the last renewal runs out, whatever the state flag says', () => {
    const s = nextLease(initialLease, acquired(1_000));
    expect(leaderAt(s, 4_999)).toBe(true);
    expect(leaderAt(s, 5_000)).toBe(false);
    expect(leaderAt(initialLease, 0)).toBe(false);
  });
});
