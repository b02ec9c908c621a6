import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { toBool, toIso } from '../../../db/row-mappers.js';
import type { Track } from '../core/track.js';

const tagList = z.array(z.string()).catch([]);
/** Rows per statement: a few milliseconds of SQLite reading and mapping. */
const LIBRARY_PAGE = 2_000;

/** The station's playable library as the programming core sees it. */
export function createLibraryRepository(db: Db) {
  async function tracksPage(stationId: string, after: string): Promise<Track[]> {
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
      // Fenced after repeated decoder failures in playout (until analysed again).
      .where('playout_state', '!=', 'failed')
      .where('duration_ms', '>', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(LIBRARY_PAGE)
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
  }

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
    /**
     * Read in pages by id, each on its own turn of the event loop: better-sqlite3 reads
     * synchronously, and 50k rows in one statement held the loop for a third of a second.
     */
    async tracks(stationId: string): Promise<Track[]> {
      const out: Track[] = [];
      let after = '';
      for (;;) {
        const page = await tracksPage(stationId, after);
        out.push(...page);
        const last = page[page.length - 1];
        if (last === undefined || page.length < LIBRARY_PAGE) return out;
        after = last.id;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
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
