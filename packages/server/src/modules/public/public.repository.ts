import type { Db } from '../../db/database.js';
import { toBool } from '../../db/row-mappers.js';

export interface PublicStation {
  id: string;
  slug: string;
  name: string;
  description: string;
  timezone: string;
}

export interface PublicMount {
  id: string;
  name: string;
  format: string;
  bitrate_kbps: number;
}

/** What a listener may know of a track: its tags, never its file or who uploaded it. */
export interface PublicSong {
  media_id: string | null;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  isrc: string | null;
  duration_ms: number | null;
  has_artwork: boolean;
}

export interface PublicPlay {
  started_at: string;
  ended_at: string | null;
  tier: number;
  source: string;
  song: PublicSong;
}

const stationColumns = ['s.id', 's.slug', 's.name', 's.description', 's.timezone'] as const;

/** Reads for the anonymous side: only public, active stations are ever found here. */
export function createPublicRepository(db: Db) {
  const stations = () =>
    db
      .selectFrom('stations as s')
      .select(stationColumns)
      .where('s.public', '=', true)
      .where('s.active', '=', true);
  return {
    async stationBySlug(slug: string): Promise<PublicStation | undefined> {
      return stations().where('s.slug', '=', slug).executeTakeFirst();
    },
    async stations(): Promise<PublicStation[]> {
      return stations().orderBy('s.name').orderBy('s.id').execute();
    },
    /** The first is the station's default mount (the oldest). */
    async mounts(stationId: string): Promise<PublicMount[]> {
      return db
        .selectFrom('mounts')
        .select(['id', 'name', 'format', 'bitrate_kbps'])
        .where('station_id', '=', stationId)
        .orderBy('created_at')
        .orderBy('name')
        .execute();
    },
    async songs(stationId: string, mediaIds: string[]): Promise<Map<string, PublicSong>> {
      if (mediaIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('media')
        .select(['id', 'title', 'artist', 'album', 'genre', 'isrc', 'duration_ms', 'has_artwork'])
        .where('station_id', '=', stationId)
        .where('id', 'in', mediaIds)
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          { ...r, media_id: r.id, has_artwork: toBool(r.has_artwork) } satisfies PublicSong,
        ]),
      );
    },
    async recentPlays(stationId: string, limit: number): Promise<PublicPlay[]> {
      const rows = await db
        .selectFrom('play_history as h')
        .leftJoin('media as m', 'm.id', 'h.media_id')
        .select([
          'h.started_at',
          'h.ended_at',
          'h.tier',
          'h.source',
          'h.media_id',
          'h.title',
          'm.title as media_title',
          'm.artist',
          'm.album',
          'm.genre',
          'm.isrc',
          'm.duration_ms',
          'm.has_artwork',
        ])
        .where('h.station_id', '=', stationId)
        .orderBy('h.started_at', 'desc')
        .orderBy('h.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        started_at: new Date(r.started_at).toISOString(),
        ended_at: r.ended_at === null ? null : new Date(r.ended_at).toISOString(),
        tier: r.tier,
        source: r.source,
        song: {
          media_id: r.media_id,
          // The history row keeps "Artist - Title" as heard; the tags have them apart.
          title: r.media_title ?? r.title,
          artist: r.artist,
          album: r.album,
          genre: r.genre,
          isrc: r.isrc,
          duration_ms: r.duration_ms,
          has_artwork: r.has_artwork !== null && toBool(r.has_artwork),
        },
      }));
    },
    /** The DJ on air now, if a live session is open. */
    async liveSession(
      stationId: string,
    ): Promise<{ dj_name: string; started_at: string } | undefined> {
      return db
        .selectFrom('live_sessions')
        .select(['dj_name', 'started_at'])
        .where('station_id', '=', stationId)
        .where('ended_at', 'is', null)
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
    async artworkPath(stationId: string, mediaId: string): Promise<string | null | undefined> {
      const row = await db
        .selectFrom('media')
        .select(['artwork_path'])
        .where('station_id', '=', stationId)
        .where('id', '=', mediaId)
        .executeTakeFirst();
      return row?.artwork_path;
    },
  };
}
export type PublicRepository = ReturnType<typeof createPublicRepository>;
