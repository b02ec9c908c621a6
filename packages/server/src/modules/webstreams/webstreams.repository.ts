import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { toBool, toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { Bool, Database, NullableTimestamp, Timestamp } from '../../db/types.js';

/** Row type of migration 0310_webstreams (the URL list is JSON text). */
export interface WebstreamsTable {
  id: string;
  station_id: string;
  name: string;
  urls: string;
  active: Bool;
  last_checked_at: NullableTimestamp;
  last_ok_url: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type WebstreamTables = { webstreams: WebstreamsTable };
type WsDb = Kysely<Database & WebstreamTables>;

/** A webstream as stored: URLs in full, credentials included (never sent to API clients). */
export interface WebstreamRecord {
  id: string;
  station_id: string;
  name: string;
  urls: string[];
  active: boolean;
  last_checked_at: string | null;
  last_ok_url: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** @public the declaration emit of createWebstreams(), whose return type is inferred, names it. */
export interface WebstreamHealth {
  checkedAt: string;
  okUrl: string | null;
  error: string | null;
}

const urlList = z.array(z.string());

function toRecord(r: Selectable<WebstreamsTable>): WebstreamRecord {
  return {
    id: r.id,
    station_id: r.station_id,
    name: r.name,
    urls: urlList.parse(JSON.parse(r.urls)),
    active: toBool(r.active),
    last_checked_at: toIsoOrNull(r.last_checked_at),
    last_ok_url: r.last_ok_url,
    last_error: r.last_error,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

/** `readBase`: GRIMNIR_DB_READ_DSN's replica, for the API's list (never read after a write). */
export function createWebstreamsRepository(base: Db, readBase: Db = base) {
  const db: WsDb = base.withTables<WebstreamTables>();
  const readDb: WsDb = readBase.withTables<WebstreamTables>();
  return {
    async listByStation(stationId: string): Promise<WebstreamRecord[]> {
      const rows = await readDb
        .selectFrom('webstreams')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async findById(id: string): Promise<WebstreamRecord | undefined> {
      const r = await db
        .selectFrom('webstreams')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toRecord(r);
    },
    /** Several by id (the director's plan names them); unknown ids are left out. */
    async findMany(ids: readonly string[]): Promise<WebstreamRecord[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('webstreams')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return rows.map(toRecord);
    },
    /** Active webstreams of every station, oldest check first (the health loop's order). */
    async listActive(limit: number): Promise<WebstreamRecord[]> {
      const rows = await db
        .selectFrom('webstreams')
        .selectAll()
        .where('active', '=', true)
        .orderBy('last_checked_at', (o) => o.nullsFirst())
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
    async insert(
      w: { id: string; station_id: string; name: string; urls: string[]; active: boolean },
      now: string,
    ): Promise<void> {
      await db
        .insertInto('webstreams')
        .values({ ...w, urls: JSON.stringify(w.urls), created_at: now, updated_at: now })
        .execute();
    },
    async update(
      id: string,
      patch: { name?: string; urls?: string[]; active?: boolean },
      now: string,
    ): Promise<void> {
      const { urls, ...rest } = patch;
      await db
        .updateTable('webstreams')
        .set({ ...rest, ...(urls && { urls: JSON.stringify(urls) }), updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('webstreams').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    /** Health is not an edit: updated_at stays the operator's last change. */
    async recordHealth(id: string, h: WebstreamHealth): Promise<void> {
      await db
        .updateTable('webstreams')
        .set({ last_checked_at: h.checkedAt, last_ok_url: h.okUrl, last_error: h.error })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type WebstreamsRepository = ReturnType<typeof createWebstreamsRepository>;
