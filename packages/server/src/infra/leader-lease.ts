/**
 * Pure lease bookkeeping for leader election: given what happened (acquired, renewed, failed
 * at time t), decide whether this replica is leader. Kept separate from Redis so the edge
 * cases — a renewal that fails but the lease has not yet expired, clock-driven expiry — are
 * table-tested without a server.
 */
export interface LeaseState {
  leader: boolean;
  /** Monotonic ms until which our last successful acquire/renew holds. */
  validUntil: number;
  /** Fencing token of the current (or last) term; 0 before the first acquisition. */
  token: number;
}

export type LeaseEvent =
  /** `at` is when the request was SENT: Redis started the lease later, so it expires later. */
  | { kind: 'acquired'; at: number; leaseMs: number; token: number }
  | { kind: 'renewed'; at: number; leaseMs: number }
  | { kind: 'lost'; at: number }
  | { kind: 'error'; at: number }
  /** A timer check: no answer came back (Redis hung, or the loop stalled). */
  | { kind: 'tick'; at: number };

export const initialLease: LeaseState = { leader: false, validUntil: 0, token: 0 };

export function nextLease(state: LeaseState, e: LeaseEvent): LeaseState {
  switch (e.kind) {
    case 'acquired':
      return { leader: true, validUntil: e.at + e.leaseMs, token: e.token };
    case 'renewed':
      return { ...state, leader: true, validUntil: e.at + e.leaseMs };
    case 'lost':
      return { ...state, leader: false, validUntil: 0 };
    case 'error':
    case 'tick':
      // We may still hold the lease until it expires; after that another replica may have
      // taken it, so we must stop acting as leader (no split brain).
      return leaderAt(state, e.at) ? state : { ...state, leader: false, validUntil: 0 };
  }
}

/** Leadership is only as good as the last renewal: past `validUntil` it is over. */
export function leaderAt(state: LeaseState, now: number): boolean {
  return state.leader && now < state.validUntil;
}
