// Role checks for what the console shows and enables. The API enforces the same rules; this
// only avoids offering buttons that would answer 403. (Mirrors @grimnir/contracts' ordering
// without importing it at run time: the contracts entry pulls in zod.)
export type Role = 'admin' | 'manager' | 'dj' | 'viewer';
/** Most privileged first (as in @grimnir/contracts). */
export const rank: Record<Role, number> = { admin: 0, manager: 1, dj: 2, viewer: 3 };

export function roleAtLeast(have: Role | undefined, need: Role): boolean {
  return have !== undefined && rank[have] <= rank[need];
}
