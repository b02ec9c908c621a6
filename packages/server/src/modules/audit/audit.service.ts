import type { z } from 'zod';
import type { AuditPage, AuditQuery } from '@grimnir/contracts';
import type { Principal } from '../../plugins/principal.js';
import { encodeAuditCursor, parseBefore } from './audit-cursor.js';
import type { AuditFilter, AuditLog } from './audit.repository.js';

/** The station rules, as a port (stations records its own actions here, so no import back). */
interface StationScope {
  requireStation(p: Principal, stationId: string, need: 'manager'): Promise<unknown>;
  visibleStationIds(p: Principal): Promise<string[] | 'all'>;
  roleOn(p: Principal, stationId: string): Promise<string | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reading the audit log: admins read all of it; a manager reads the entries of the stations
 * they manage, and never the station-less ones (logins, users, API keys of other people).
 */
export function createAuditService(d: { log: AuditLog; access: StationScope }) {
  async function scope(p: Principal, stationId: string | undefined) {
    if (stationId !== undefined) {
      await d.access.requireStation(p, stationId, 'manager');
      return [stationId];
    }
    const visible = await d.access.visibleStationIds(p);
    if (visible === 'all') return 'all';
    const roles = await Promise.all(visible.map((id) => d.access.roleOn(p, id)));
    return visible.filter((_, i) => roles[i] === 'manager');
  }

  return {
    async page(p: Principal, q: z.output<typeof AuditQuery>): Promise<z.output<typeof AuditPage>> {
      const filter: AuditFilter = {
        stationIds: await scope(p, q.station_id),
        actor:
          q.actor === undefined
            ? undefined
            : UUID.test(q.actor)
              ? { id: q.actor.toLowerCase() }
              : { username: q.actor },
        action:
          q.action === undefined
            ? undefined
            : q.action.endsWith('.*')
              ? { prefix: q.action.slice(0, -1) }
              : { exact: q.action },
        before: q.before === undefined ? undefined : parseBefore(q.before),
        // One row more than asked tells whether another page exists without a count query.
        limit: q.limit + 1,
      };
      const rows = await d.log.page(filter);
      const items = rows.slice(0, q.limit);
      const last = items[items.length - 1];
      return {
        items,
        next_before:
          rows.length > q.limit && last ? encodeAuditCursor(last.created_at, last.id) : null,
      };
    },

    async actions(p: Principal, stationId: string | undefined): Promise<string[]> {
      return d.log.actions(await scope(p, stationId));
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
