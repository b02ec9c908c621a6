import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { programmingDb } from '../../db/programming-types.js';
import type { MediaTable } from '../../db/types.js';
import { toRecord } from './media-record.js';
import { createMediaListRepository, createMediaViewsRepository } from './media-list.repository.js';
import type { MediaTags } from './media-tags.js';
import type { MediaRecord } from './media-record.js';
export type { MediaRecord } from './media-record.js';

/** All SQL of the media library's writes and lookups; listing is in media-list.repository.ts. */

export interface NewMedia extends MediaTags {
  id: string;
  station_id: string;
  tags: string[];
  duration_ms: number | null;
  original_filename: string;
  storage_path: string;
  mime_type: string;
  size_bytes: number;
  content_hash: string;
  artwork_path: string | null;
  /** ISO timestamp; set explicitly (not a column default) so keyset paging compares like with like. */
  created_at: string;
}

export type MediaUpdate = Partial<
  MediaTags &
    Pick<
      MediaRecord,
      | 'tags'
      | 'active'
      | 'cue_in_ms'
      | 'cue_out_ms'
      | 'intro_ms'
      | 'outro_ms'
      | 'fade_in_ms'
      | 'fade_out_ms'
    >
>;

export function createMediaRepository(db: Db, readDb: Db = db) {
  return {
    // Listing and its views read from the replica when one is configured.
    ...createMediaListRepository(readDb),
    ...createMediaViewsRepository(readDb),
    async insert(m: NewMedia, trx: Db = db): Promise<MediaRecord> {
      const row: Insertable<MediaTable> = {
        ...m,
        tags: JSON.stringify(m.tags),
        has_artwork: m.artwork_path !== null,
        analysis_state: 'pending',
        play_count: 0,
        updated_at: m.created_at,
      };
      return toRecord(
        await trx.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow(),
      );
    },

    async findById(id: string, trx: Db = db): Promise<MediaRecord | undefined> {
      const row = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async findMany(ids: readonly string[], trx: Db = db): Promise<MediaRecord[]> {
      if (ids.length === 0) return [];
      const rows = await trx.selectFrom('media').selectAll().where('id', 'in', ids).execute();
      return rows.map(toRecord);
    },

    async findByHash(
      stationId: string,
      hash: string,
      trx: Db = db,
    ): Promise<MediaRecord | undefined> {
      const row = await trx
        .selectFrom('media')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('content_hash', '=', hash)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async update(
      id: string,
      patch: MediaUpdate,
      updatedAt: string,
      trx: Db = db,
    ): Promise<MediaRecord | undefined> {
      const { tags, ...rest } = patch;
      const values: Updateable<MediaTable> = { ...rest, updated_at: updatedAt };
      if (tags !== undefined) values.tags = JSON.stringify(tags);
      const row = await trx
        .updateTable('media')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /**
     * Scheduled = named by a schedule entry, or materialised in an item that has not finished
     * airing. Past items are history and do not pin the file.
     */
    async isScheduled(id: string, nowIso: string): Promise<boolean> {
      const pdb = programmingDb(db);
      const entry = await pdb
        .selectFrom('schedule_entries')
        .select('id')
        .where('source_type', '=', 'media')
        .where('source_id', '=', id)
        .executeTakeFirst();
      if (entry) return true;
      const item = await pdb
        .selectFrom('schedule_items')
        .select('id')
        .where('media_id', '=', id)
        .where('ends_at', '>', nowIso)
        .executeTakeFirst();
      return item !== undefined;
    },
    /**
     * Back into the analysis queue (`pending`), its decoder-failure count reset. The playout
     * fence (`playout_state = 'failed'`) stays: only a successful analysis lifts it, so a file
     * that is still broken never returns to rotation. An analysis already running is left be
     * (undefined).
     */
    async requeueAnalysis(
      id: string,
      updatedAt: string,
      trx: Db = db,
    ): Promise<MediaRecord | undefined> {
      const row = await trx
        .updateTable('media')
        .set({
          analysis_state: 'pending',
          analysis_error: null,
          playout_failures: 0,
          updated_at: updatedAt,
        })
        .where('id', '=', id)
        .where('analysis_state', '!=', 'running')
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async delete(id: string, trx: Db = db): Promise<MediaRecord | undefined> {
      const row = await trx
        .deleteFrom('media')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;

export { isUniqueViolation } from '../../db/unique-violation.js';
