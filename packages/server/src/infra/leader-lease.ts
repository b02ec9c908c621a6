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
}

export type LeaseEvent =
  | { kind: 'acquired'; at: number; leaseMs: number }
  | { kind: 'renewed'; at: number; leaseMs: number }
  | { kind: 'lost'; at: number }
  | { kind: 'error'; at: number };

export const initialLease: LeaseState = { leader: false, validUntil: 0 };

export function nextLease(state: LeaseState, e: LeaseEvent): LeaseState {
  switch (e.kind) {
    case 'acquired':
    case 'renewed':
      return { leader: true, validUntil: e.at + e.leaseMs };
    case 'lost':
      return { leader: false, validUntil: 0 };
    case 'error':
      // Redis unreachable: we may still hold the lease until it expires; after that another
      // replica may have taken it, so we must stop acting as leader (no split brain).
      return e.at < state.validUntil ? state : { leader: false, validUntil: 0 };
  }
}
