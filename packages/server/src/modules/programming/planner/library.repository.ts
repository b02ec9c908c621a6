import type { Db } from '../../../db/database.js';
import { toBool, toIso } from '../../../db/row-mappers.js';
import type { Track } from '../core/track.js';
import type { OptionalTrackField } from '../core/track-fields.js';

/** Rows per statement: a few milliseconds of SQLite reading and mapping. */
const LIBRARY_PAGE = 2_000;

/** The station's playable library as the programming core sees it. */
export function createLibraryRepository(db: Db) {
  async function tracksPage(
    stationId: string,
    after: string,
    only: ReadonlySet<OptionalTrackField> | undefined,
  ): Promise<Track[]> {
    const want = (field: OptionalTrackField) => only === undefined || only.has(field);
    const rows = await db
      .selectFrom('media')
      .select(['id', 'title', 'artist', 'album', 'duration_ms', 'cue_in_ms', 'cue_out_ms'])
      .$if(want('genre'), (q) => q.select('genre'))
      .$if(want('mood'), (q) => q.select('mood'))
      .$if(want('year'), (q) => q.select('year'))
      .$if(want('bpm'), (q) => q.select('bpm'))
      .$if(want('tags'), (q) => q.select('tags'))
      .$if(want('addedAt'), (q) => q.select('created_at'))
      .$if(want('lastPlayedAt'), (q) => q.select('last_played_at'))
      .$if(want('playCount'), (q) => q.select('play_count'))
      .$if(want('explicit'), (q) => q.select('explicit'))
      .$if(want('language'), (q) => q.select('language'))
      .$if(want('label'), (q) => q.select('label'))
      .where('station_id', '=', stationId)
      .where('active', '=', true)
      // Fenced after repeated decoder failures in playout (until analysed again).
      .where('playout_state', '!=', 'failed')
      .where('duration_ms', '>', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(LIBRARY_PAGE)
      .execute();
    // Columns left out of the select are left out of the track (undefined, not null).
    return rows.map((r) => {
      const t: Track = {
        id: r.id,
        durationMs: r.duration_ms ?? 0,
        cueInMs: r.cue_in_ms,
        cueOutMs: r.cue_out_ms,
        title: r.title,
        artist: r.artist ?? '',
        album: r.album,
      };
      if (r.genre !== undefined) t.genre = r.genre;
      if (r.mood !== undefined) t.mood = r.mood;
      if (r.year !== undefined) t.year = r.year;
      if (r.bpm !== undefined) t.bpm = r.bpm;
      if (r.tags !== undefined) t.tags = parseTags(r.tags);
      if (r.created_at !== undefined) t.addedAt = Date.parse(toIso(r.created_at));
      if (r.last_played_at !== undefined)
        t.lastPlayedAt = r.last_played_at === null ? null : Date.parse(toIso(r.last_played_at));
      if (r.play_count !== undefined) t.playCount = r.play_count;
      if (r.explicit !== undefined) t.explicit = toBool(r.explicit);
      if (r.language !== undefined) t.language = r.language;
      if (r.label !== undefined) t.label = r.label;
      return t;
    });
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
     * `only`: the optional fields to read (core/track-fields.ts); all of them when absent.
     * Read in pages by id, each on its own turn of the event loop: better-sqlite3 reads
     * synchronously, and 50k rows in one statement held the loop for a third of a second.
     */
    async tracks(stationId: string, only?: ReadonlySet<OptionalTrackField>): Promise<Track[]> {
      const out: Track[] = [];
      let after = '';
      for (;;) {
        const page = await tracksPage(stationId, after, only);
        out.push(...page);
        const last = page[page.length - 1];
        if (last === undefined || page.length < LIBRARY_PAGE) return out;
        after = last.id;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** A JSON list of strings; anything else reads as no tags. Checked by hand: 50k rows a station. */
export function parseTags(text: string): string[] {
  if (text === '[]') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((tag) => typeof tag === 'string') ? value : [];
  } catch {
    return [];
  }
}
export type LibraryRepository = ReturnType<typeof createLibraryRepository>;
