import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { toBool, toIso } from '../../../db/row-mappers.js';
import type { Track } from '../core/track.js';

const tagList = z.array(z.string()).catch([]);

/** The station's playable library as the programming core sees it. */
export function createLibraryRepository(db: Db) {
  return {
    /** Cheap fingerprint of the station's library: count and latest change. */
    async version(stationId: string): Promise<string> {
      const r = await db
        .selectFrom('media')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
        .where('station_id', '=', stationId)
        .where('active', '=', true)
        .executeTakeFirst();
      return `${Number(r?.n ?? 0)}:${r?.latest === undefined || r.latest === null ? '' : toIso(r.latest)}`;
    },
    async tracks(stationId: string): Promise<Track[]> {
      const rows = await db
        .selectFrom('media')
        .select([
          'id',
          'title',
          'artist',
          'album',
          'genre',
          'mood',
          'year',
          'bpm',
          'tags',
          'created_at',
          'last_played_at',
          'play_count',
          'explicit',
          'language',
          'label',
          'duration_ms',
          'cue_in_ms',
          'cue_out_ms',
        ])
        .where('station_id', '=', stationId)
        .where('active', '=', true)
        .where('duration_ms', '>', 0)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        durationMs: r.duration_ms ?? 0,
        cueInMs: r.cue_in_ms,
        cueOutMs: r.cue_out_ms,
        title: r.title,
        artist: r.artist ?? '',
        album: r.album,
        genre: r.genre,
        mood: r.mood,
        year: r.year,
        bpm: r.bpm,
        tags: parseTags(r.tags),
        addedAt: Date.parse(toIso(r.created_at)),
        lastPlayedAt: r.last_played_at === null ? null : Date.parse(toIso(r.last_played_at)),
        playCount: r.play_count,
        explicit: toBool(r.explicit),
        language: r.language,
        label: r.label,
      }));
    },
  };
}

function parseTags(text: string): string[] {
  try {
    return tagList.parse(JSON.parse(text));
  } catch {
    return [];
  }
}
export type LibraryRepository = ReturnType<typeof createLibraryRepository>;
