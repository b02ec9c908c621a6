// Global roles, most privileged first. Station membership roles reuse the same names
// (minus admin), so one ordering decides both.
export const ROLES = ['admin', 'manager', 'dj', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const STATION_ROLES = ['manager', 'dj', 'viewer'] as const;
export type StationRole = (typeof STATION_ROLES)[number];

const rank: Record<Role, number> = { admin: 0, manager: 1, dj: 2, viewer: 3 };

/** True when `have` grants at least what `need` grants. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return rank[have] <= rank[need];
}
