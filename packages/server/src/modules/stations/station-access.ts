import type { StationRole } from '@grimnir/contracts';
import { forbidden, notFound } from '../../errors.js';
import type { Principal } from '../../plugins/principal.js';
import { effectiveStationRole, stationRoleAtLeast } from '../auth/index.js';
import type { MembersRepository } from './members.repository.js';
import type { StationsRepository } from './stations.repository.js';

/**
 * The one place that decides whether a caller may touch a station. Every route that takes a
 * station id (directly or through a resource that belongs to a station) goes through here.
 */
export function createStationAccess(d: {
  stations: StationsRepository;
  members: MembersRepository;
}) {
  async function roleOn(p: Principal, stationId: string): Promise<StationRole | undefined> {
    if (p.role === 'admin') return 'manager';
    return effectiveStationRole(p, await d.members.roleOf(stationId, p.userId));
  }
  return {
    roleOn,
    /** Throws 404 when the station does not exist, 403 when the caller lacks `need` on it. */
    async requireStation(p: Principal, stationId: string, need: StationRole): Promise<StationRole> {
      const exists = await d.stations.exists(stationId);
      if (!exists) throw notFound('station');
      const role = await roleOn(p, stationId);
      if (role === undefined) throw forbidden('you are not a member of this station');
      if (!stationRoleAtLeast(role, need))
        throw forbidden(`requires the ${need} role on this station`);
      return role;
    },
    /** Station ids the caller may see, or 'all' for admins. */
    async visibleStationIds(p: Principal): Promise<string[] | 'all'> {
      if (p.role === 'admin') return 'all';
      return d.members.stationIdsOf(p.userId);
    },
  };
}
export type StationAccess = ReturnType<typeof createStationAccess>;
