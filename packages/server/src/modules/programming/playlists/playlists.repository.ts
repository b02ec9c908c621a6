import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
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
import type { MatchCandidate } from './playlist-formats.js';

type Tx = Transaction<Database & ProgrammingTables>;

/** @public the declaration emit of createProgrammeRepos(), whose return type is inferred, names it. */
export interface MediaInfo {
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  duration_ms: number | null;
  filename: string;
}

// Bound parameters per IN list: well under SQLite's and PostgreSQL's limits.
function chunks<T>(all: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

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
    /** Tags and length of the given media of the station, for listings and exports. */
    async mediaInfo(stationId: string, ids: readonly string[]): Promise<Map<string, MediaInfo>> {
      const out = new Map<string, MediaInfo>();
      for (const part of chunks([...new Set(ids)])) {
        const rows = await db
          .selectFrom('media')
          .select(['id', 'title', 'artist', 'album', 'duration_ms', 'original_filename'])
          .where('station_id', '=', stationId)
          .where('id', 'in', part)
          .execute();
        for (const r of rows)
          out.set(r.id, {
            id: r.id,
            title: r.title,
            artist: r.artist,
            album: r.album,
            duration_ms: r.duration_ms,
            filename: r.original_filename,
          });
      }
      return out;
    },
    /**
     * Tracks an import could match: those whose uploaded file name or title is among the
     * given ones (lower-cased), oldest first so the first of several duplicates wins.
     */
    async matchCandidates(
      stationId: string,
      filenames: readonly string[],
      titles: readonly string[],
    ): Promise<MatchCandidate[]> {
      const seen = new Map<string, MatchCandidate & { added: string }>();
      const find = async (column: 'original_filename' | 'title', values: readonly string[]) => {
        for (const part of chunks([...new Set(values)])) {
          const rows = await db
            .selectFrom('media')
            .select(['id', 'title', 'artist', 'original_filename', 'created_at'])
            .where('station_id', '=', stationId)
            .where(sql<string>`lower(${sql.ref(column)})`, 'in', part)
            .execute();
          for (const r of rows)
            seen.set(r.id, {
              id: r.id,
              title: r.title,
              artist: r.artist,
              filename: r.original_filename,
              added: toIso(r.created_at),
            });
        }
      };
      await find('original_filename', filenames);
      await find('title', titles);
      return [...seen.values()]
        .sort((a, b) => a.added.localeCompare(b.added) || a.id.localeCompare(b.id))
        .map(({ id, title, artist, filename }) => ({ id, title, artist, filename }));
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
  };
}
export type PlaylistsRepository = ReturnType<typeof createPlaylistsRepository>;
