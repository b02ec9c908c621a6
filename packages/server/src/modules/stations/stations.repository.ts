import type { CrossfadeCurve } from '@grimnir/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toBool, toIso } from '../../db/row-mappers.js';
import type { Database, StationsTable } from '../../db/types.js';

type Tx = Transaction<Database>;

export interface StationRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  timezone: string;
  active: boolean;
  public: boolean;
  loudness_target_lufs: number;
  crossfade_ms: number;
  crossfade_curve: CrossfadeCurve;
  created_at: string;
  updated_at: string;
}

function toRow(r: Selectable<StationsTable>): StationRow {
  return {
    ...r,
    active: toBool(r.active),
    public: toBool(r.public),
    loudness_target_lufs: Number(r.loudness_target_lufs),
    crossfade_curve: r.crossfade_curve as StationRow['crossfade_curve'],
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

type StationWrite = Omit<StationRow, 'created_at' | 'updated_at'>;

export function createStationsRepository(db: Db) {
  return {
    async exists(id: string): Promise<boolean> {
      const r = await db
        .selectFrom('stations')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return r !== undefined;
    },
    async findById(id: string, tx?: Tx): Promise<StationRow | undefined> {
      const r = await (tx ?? db)
        .selectFrom('stations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toRow(r);
    },
    async slugTaken(slug: string, tx?: Tx): Promise<boolean> {
      const r = await (tx ?? db)
        .selectFrom('stations')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirst();
      return r !== undefined;
    },
    /**
     * Every station, by name, from the primary: the station list is kept in memory until a
     * station changes (stations.service), and a read replica's lag must not be kept with it.
     */
    async list(): Promise<StationRow[]> {
      const rows = await db
        .selectFrom('stations')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toRow);
    },
    async insert(s: StationWrite, now: string, tx?: Tx): Promise<void> {
      await (tx ?? db)
        .insertInto('stations')
        .values({ ...s, created_at: now, updated_at: now })
        .execute();
    },
    async update(id: string, patch: Partial<StationWrite>, now: string, tx?: Tx): Promise<void> {
      await (tx ?? db)
        .updateTable('stations')
        .set({ ...patch, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    async delete(id: string, tx?: Tx): Promise<boolean> {
      const res = await (tx ?? db).deleteFrom('stations').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
export type StationsRepository = ReturnType<typeof createStationsRepository>;
