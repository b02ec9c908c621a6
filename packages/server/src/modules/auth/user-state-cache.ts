import type { Role } from '@grimnir/contracts';

/** What every authenticated request checks about its user. */
export interface UserState {
  id: string;
  username: string;
  role: Role;
  active: boolean;
  tokenVersion: number;
}

export interface UserStateCache {
  get(userId: string): Promise<UserState | undefined>;
}

/**
 * Keeps each user's rights in memory so a request does not read the users table: an entry is
 * dropped the moment an access signal names its user (on this replica or, through Redis, on
 * another), and lives at most `ttlMs` anyway, which bounds a lost signal. A read that started
 * before an invalidation is not stored, so a slow read cannot put back what was just revoked.
 */
export function createUserStateCache(d: {
  load(userId: string): Promise<UserState | undefined>;
  subscribe(handler: (userId: string) => void): () => void;
  nowMs: () => number;
  ttlMs: number;
  maxEntries?: number;
}): UserStateCache & { size(): number } {
  const max = d.maxEntries ?? 10_000;
  const entries = new Map<string, { state: UserState | undefined; at: number }>();
  const generation = new Map<string, number>();
  let epoch = 0;
  // Reads started before this epoch count as invalidated (generation was cleared since).
  let floor = 0;
  d.subscribe((userId) => {
    entries.delete(userId);
    epoch += 1;
    generation.set(userId, epoch);
    // generation only needs entries for reads in flight; keep it as small as the cache.
    if (generation.size > max) {
      generation.clear();
      floor = epoch;
    }
  });
  return {
    async get(userId) {
      const hit = entries.get(userId);
      if (hit !== undefined && d.nowMs() - hit.at < d.ttlMs) return hit.state;
      const startedAt = epoch;
      const state = await d.load(userId);
      const invalidatedSince = startedAt < floor || (generation.get(userId) ?? 0) > startedAt;
      if (!invalidatedSince) {
        if (entries.size >= max) entries.delete(entries.keys().next().value as string);
        entries.set(userId, { state, at: d.nowMs() });
      }
      return state;
    },
    size: () => entries.size,
  };
}
