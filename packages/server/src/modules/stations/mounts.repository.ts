import type { MountFormat } from '@grimnir/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso } from '../../db/row-mappers.js';
import type { Database, MountsTable } from '../../db/types.js';

type Tx = Transaction<Database>;

export interface MountRecord {
  id: string;
  stationId: string;
  name: string;
  format: MountFormat;
  bitrateKbps: number;
  sampleRate: number;
  channels: number;
  icecast: {
    host: string;
    port: number;
    mount: string;
    user: string;
    password: string | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

function toRecord(r: Selectable<MountsTable>): MountRecord {
  return {
    id: r.id,
    stationId: r.station_id,
    name: r.name,
    format: r.format as MountRecord['format'],
    bitrateKbps: r.bitrate_kbps,
    sampleRate: r.sample_rate,
    channels: r.channels,
    icecast:
      r.icecast_host === null
        ? null
        : {
            host: r.icecast_host,
            port: r.icecast_port ?? 8000,
            mount: r.icecast_mount ?? `/${r.name}`,
            user: r.icecast_user ?? 'source',
            password: r.icecast_password,
          },
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

type MountWrite = Omit<MountRecord, 'createdAt' | 'updatedAt'>;

function toColumns(m: Partial<MountWrite>) {
  return {
    ...(m.id !== undefined && { id: m.id }),
    ...(m.stationId !== undefined && { station_id: m.stationId }),
    ...(m.name !== undefined && { name: m.name }),
    ...(m.format !== undefined && { format: m.format }),
    ...(m.bitrateKbps !== undefined && { bitrate_kbps: m.bitrateKbps }),
    ...(m.sampleRate !== undefined && { sample_rate: m.sampleRate }),
    ...(m.channels !== undefined && { channels: m.channels }),
    ...(m.icecast !== undefined && {
      icecast_host: m.icecast?.host ?? null,
      icecast_port: m.icecast?.port ?? null,
      icecast_mount: m.icecast?.mount ?? null,
      icecast_user: m.icecast?.user ?? null,
      icecast_password: m.icecast?.password ?? null,
    }),
  };
}

/**
 * `readDb`: GRIMNIR_DB_READ_DSN's replica, for the API's mount list only. Playout, the listener
 * bridge and writes read the primary: they act on what they read.
 */
export function createMountsRepository(db: Db, readDb: Db = db) {
  const byStation = async (from: Db, stationId: string): Promise<MountRecord[]> => {
    const rows = await from
      .selectFrom('mounts')
      .selectAll()
      .where('station_id', '=', stationId)
      .orderBy('name')
      .execute();
    return rows.map(toRecord);
  };
  return {
    listByStation: (stationId: string): Promise<MountRecord[]> => byStation(db, stationId),
    /** The GET list: tolerates replica lag. */
    listForDisplay: (stationId: string): Promise<MountRecord[]> => byStation(readDb, stationId),
    async findById(id: string): Promise<MountRecord | undefined> {
      const r = await db.selectFrom('mounts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    async findByName(name: string, tx?: Tx): Promise<MountRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('mounts')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return r && toRecord(r);
    },
    async insert(m: MountWrite, now: string, tx?: Tx): Promise<void> {
      const cols = toColumns(m);
      await (tx ?? db)
        .insertInto('mounts')
        .values({
          id: m.id,
          station_id: m.stationId,
          name: m.name,
          format: m.format,
          bitrate_kbps: m.bitrateKbps,
          sample_rate: m.sampleRate,
          channels: m.channels,
          ...cols,
          created_at: now,
          updated_at: now,
        })
        .execute();
    },
    async update(id: string, patch: Partial<MountWrite>, now: string): Promise<void> {
      await db
        .updateTable('mounts')
        .set({ ...toColumns(patch), updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('mounts').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
export type MountsRepository = ReturnType<typeof createMountsRepository>;
