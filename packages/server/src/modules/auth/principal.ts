import type { StationRole } from '@grimnir/contracts';
import type { Principal } from '../../plugins/principal.js';

const stationRank: Record<StationRole, number> = { manager: 0, dj: 1, viewer: 2 };

/**
 * The role a principal effectively holds on one station: admins hold `manager` everywhere;
 * everyone else holds their membership role, capped by their global role (a globally
 * demoted user loses station powers at once without editing every membership).
 * Pure: membership is looked up by the caller.
 */
export function effectiveStationRole(
  principal: Pick<Principal, 'role'>,
  membership: StationRole | undefined,
): StationRole | undefined {
  if (principal.role === 'admin') return 'manager';
  if (membership === undefined) return undefined;
  const cap: StationRole = principal.role;
  return stationRank[membership] >= stationRank[cap] ? membership : cap;
}

export function stationRoleAtLeast(have: StationRole, need: StationRole): boolean {
  return stationRank[have] <= stationRank[need];
}
