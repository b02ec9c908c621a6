import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { PlaylistItemInput } from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import {
  programmingDb,
  type PlaylistItemsTable,
  type PlaylistsTable,
  type ProgrammingTables,
} from '../../../db/programming-types.js';
import { toIso } from '../../../db/row-mappers.js';
import type { Database } from '../../../db/types.js';

type Tx = Transaction<Database & ProgrammingTables>;

export interface PlaylistItemRecord {
  id: string;
  position: number;
  media_id: string;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
}

export interface PlaylistRecord {
  id: string;
  station_id: string;
  name: string;
  description: string;
  mode: 'ordered' | 'shuffled';
  items: PlaylistItemRecord[];
  created_at: string;
  updated_at: string;
}

function toItem(r: Selectable<PlaylistItemsTable>): PlaylistItemRecord {
  return {
    id: r.id,
    position: r.position,
    media_id: r.media_id,
    cue_in_ms: r.cue_in_ms,
    cue_out_ms: r.cue_out_ms,
    fade_in_ms: r.fade_in_ms,
    fade_out_ms: r.fade_out_ms,
  };
}

function toRecord(r: Selectable<PlaylistsTable>, items: PlaylistItemRecord[]): PlaylistRecord {
  return {
    ...r,
    mode: r.mode === 'shuffled' ? 'shuffled' : 'ordered',
    items,
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

export function createPlaylistsRepository(base: Db) {
  const db = programmingDb(base);

  async function load(rows: Selectable<PlaylistsTable>[], tx?: Tx): Promise<PlaylistRecord[]> {
    if (rows.length === 0) return [];
    const items = await (tx ?? db)
      .selectFrom('playlist_items')
      .selectAll()
      .where(
        'playlist_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('playlist_id')
      .orderBy('position')
      .execute();
    return rows.map((r) => toRecord(r, items.filter((i) => i.playlist_id === r.id).map(toItem)));
  }

  return {
    async listByStation(stationId: string): Promise<PlaylistRecord[]> {
      const rows = await db
        .selectFrom('playlists')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return load(rows);
    },
    async findById(id: string, tx?: Tx): Promise<PlaylistRecord | undefined> {
      const r = await (tx ?? db)
        .selectFrom('playlists')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r === undefined ? undefined : (await load([r], tx))[0];
    },
    async insert(
      p: { id: string; station_id: string; name: string; description: string; mode: string },
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx
        .insertInto('playlists')
        .values({ ...p, created_at: now, updated_at: now })
        .execute();
    },
    async update(
      id: string,
      patch: { name?: string; description?: string; mode?: string },
      now: string,
      tx?: Tx,
    ): Promise<void> {
      await (tx ?? db)
        .updateTable('playlists')
        .set({ ...patch, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
    /** Replaces the whole ordered list (positions are rewritten 0..n-1). */
    async replaceItems(
      playlistId: string,
      items: readonly PlaylistItemInput[],
      now: string,
      tx: Tx,
    ): Promise<void> {
      await tx.deleteFrom('playlist_items').where('playlist_id', '=', playlistId).execute();
      if (items.length > 0) {
        await tx
          .insertInto('playlist_items')
          .values(
            items.map((i, position) => ({
              id: randomUUID(),
              playlist_id: playlistId,
              position,
              media_id: i.media_id,
              cue_in_ms: i.cue_in_ms ?? null,
              cue_out_ms: i.cue_out_ms ?? null,
              fade_in_ms: i.fade_in_ms ?? null,
              fade_out_ms: i.fade_out_ms ?? null,
            })),
          )
          .execute();
      }
      await tx
        .updateTable('playlists')
        .set({ updated_at: now })
        .where('id', '=', playlistId)
        .execute();
    },
    async delete(id: string): Promise<boolean> {
      const res = await db.deleteFrom('playlists').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    /** Media ids among `ids` that exist on the station (playlist items must be the station's own). */
    async existingMedia(stationId: string, ids: readonly string[], tx?: Tx): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await (tx ?? db)
        .selectFrom('media')
        .select('id')
        .where('station_id', '=', stationId)
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return new Set(rows.map((r) => r.id));
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
export type PlaylistsRepository = ReturnType<typeof createPlaylistsRepository>;
