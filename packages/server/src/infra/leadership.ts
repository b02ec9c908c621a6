/**
 * Who runs the singletons (scheduler, director). A single process is always the leader; with
 * replicas a Redis lease backs this interface (redis-leadership.ts).
 */
export interface Leadership {
  isLeader(): boolean;
  onChange(listener: (leader: boolean) => void): () => void;
  /**
   * The fencing token of the term this replica holds or last held: it grows with every
   * acquisition on any replica, so a write carrying an older token comes from a stale leader
   * (see fencing.ts). `undefined` for a single instance, where nothing can be stale.
   */
  token(): number | undefined;
  /**
   * True while the lease store (Redis) cannot be reached: then no replica leads, nothing moves
   * the stored now-playing, and readers ask the engine itself what is on air.
   */
  leaderless(): boolean;
  stop(): Promise<void>;
}

export function singleInstanceLeadership(): Leadership {
  return {
    isLeader: () => true,
    onChange: () => () => undefined,
    token: () => undefined,
    leaderless: () => false,
    stop: () => Promise.resolve(),
  };
}
