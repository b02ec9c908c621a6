import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface PlayRow {
  id: string;
  media_id: string | null;
  title: string;
  artist: string | null;
  album: string | null;
  started_at: string;
  ended_at: string | null;
  tier: number;
  source: string;
}

/** Reads the director's play history (written by playout); this feature never writes it. */
export function createHistoryRepository(db: Db) {
  return {
    /**
     * Keyset by start time: `before` pages back (newest first), `after` reads forward from a
     * known play (oldest first, so a limit keeps the plays right after it). Uses the
     * (station_id, started_at) index; `id` breaks ties in a stable order.
     */
    async plays(
      stationId: string,
      q: { before?: string; after?: string; limit: number },
    ): Promise<PlayRow[]> {
      const forward = q.after !== undefined && q.before === undefined;
      let query = db
        .selectFrom('play_history as h')
        .leftJoin('media as m', 'm.id', 'h.media_id')
        .select([
          'h.id',
          'h.media_id',
          'h.title',
          'm.artist',
          'm.album',
          'h.started_at',
          'h.ended_at',
          'h.tier',
          'h.source',
        ])
        .where('h.station_id', '=', stationId);
      if (q.before !== undefined) query = query.where('h.started_at', '<', q.before);
      if (q.after !== undefined) query = query.where('h.started_at', '>', q.after);
      const rows = await query
        .orderBy('h.started_at', forward ? 'asc' : 'desc')
        .orderBy('h.id', forward ? 'asc' : 'desc')
        .limit(q.limit)
        .execute();
      return rows;
    },

    /**
     * Distinct listeners who heard part of each play (a client's hash, or the session itself
     * for relay listeners, whose clients Icecast does not name): one count per play, each an
     * index range over the station's sessions.
     */
    async listenersDuring(
      stationId: string,
      plays: readonly { id: string; startMs: number; endMs: number }[],
    ): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      for (const p of plays) {
        const r = await db
          .selectFrom('listener_sessions')
          .select(sql<number | string>`count(distinct coalesce(client_hash, id))`.as('n'))
          .where('station_id', '=', stationId)
          .where('started_ms', '<', p.endMs)
          .where((eb) => eb.or([eb('ended_ms', 'is', null), eb('ended_ms', '>', p.startMs)]))
          .executeTakeFirst();
        out.set(p.id, Number(r?.n ?? 0));
      }
      return out;
    },
  };
}
export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
