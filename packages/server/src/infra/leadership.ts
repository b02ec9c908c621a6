/**
 * Who runs the singletons (scheduler, director). A single process is always the leader; the
 * multi-instance work backs this interface with a Redis lease.
 */
export interface Leadership {
  isLeader(): boolean;
  onChange(listener: (leader: boolean) => void): () => void;
  stop(): Promise<void>;
}

export function singleInstanceLeadership(): Leadership {
  return {
    isLeader: () => true,
    onChange: () => () => undefined,
    stop: () => Promise.resolve(),
  };
}
