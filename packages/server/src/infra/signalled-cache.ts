/** A keyed read-through cache whose entries are dropped by a signal. */
export interface SignalledCache<V> {
  get(key: string): Promise<V>;
  size(): number;
}

/**
 * Keeps what a hot path reads on every request (a user's rights, the station list) in memory:
 * an entry is dropped the moment a signal names its key (on this replica or, through Redis, on
 * another), and lives at most `ttlMs` anyway, which bounds a lost signal and writes made outside
 * the servers. A read that started before an invalidation is not stored, so a slow read cannot
 * put back what was just revoked or changed.
 */
export function createSignalledCache<V>(d: {
  load(key: string): Promise<V>;
  subscribe(handler: (key: string) => void): () => void;
  nowMs: () => number;
  ttlMs: number;
  maxEntries?: number;
}): SignalledCache<V> {
  const max = d.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; at: number }>();
  const generation = new Map<string, number>();
  let epoch = 0;
  // Reads started before this epoch count as invalidated (generation was cleared since).
  let floor = 0;
  d.subscribe((key) => {
    entries.delete(key);
    epoch += 1;
    generation.set(key, epoch);
    // generation only needs entries for reads in flight; keep it as small as the cache.
    if (generation.size > max) {
      generation.clear();
      floor = epoch;
    }
  });
  return {
    async get(key) {
      const hit = entries.get(key);
      if (hit !== undefined && d.nowMs() - hit.at < d.ttlMs) return hit.value;
      const startedAt = epoch;
      const value = await d.load(key);
      const invalidatedSince = startedAt < floor || (generation.get(key) ?? 0) > startedAt;
      if (!invalidatedSince) {
        if (entries.size >= max) entries.delete(entries.keys().next().value as string);
        entries.set(key, { value, at: d.nowMs() });
      }
      return value;
    },
    size: () => entries.size,
  };
}
