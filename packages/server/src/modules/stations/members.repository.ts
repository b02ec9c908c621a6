import type { Role, StationRole } from '@grimnir/contracts';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/types.js';
import { toBool } from '../../db/row-mappers.js';

type Tx = Transaction<Database>;

/** Who holds which role on a station (station_members). */
export function createMembersRepository(db: Db) {
  return {
    async roleOf(stationId: string, userId: string): Promise<StationRole | undefined> {
      const r = await db
        .selectFrom('station_members')
        .select('role')
        .where('station_id', '=', stationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r?.role as StationRole | undefined;
    },
    async stationIdsOf(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('station_members')
        .select('station_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.station_id);
    },
    async list(stationId: string) {
      const rows = await db
        .selectFrom('station_members')
        .innerJoin('users', 'users.id', 'station_members.user_id')
        .select([
          'station_members.station_id',
          'station_members.user_id',
          'users.username',
          'station_members.role',
          'users.role as user_role',
          'users.active',
        ])
        .where('station_members.station_id', '=', stationId)
        .orderBy('users.username')
        .execute();
      return rows.map((r) => ({
        ...r,
        role: r.role as StationRole,
        user_role: r.user_role as Role,
        active: toBool(r.active),
      }));
    },
    async put(
      stationId: string,
      userId: string,
      role: StationRole,
      now: string,
      tx?: Tx,
    ): Promise<void> {
      await (tx ?? db)
        .insertInto('station_members')
        .values({ station_id: stationId, user_id: userId, role, created_at: now })
        .onConflict((oc) => oc.columns(['station_id', 'user_id']).doUpdateSet({ role }))
        .execute();
    },
    async remove(stationId: string, userId: string): Promise<boolean> {
      const res = await db
        .deleteFrom('station_members')
        .where('station_id', '=', stationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
export type MembersRepository = ReturnType<typeof createMembersRepository>;
