import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ListenerSessionsTable } from '../../db/types.js';
import type { SessionFact } from './listener-stats.js';

export interface PlayRecord {
  id: string;
  media_id: string | null;
  title: string;
  artist: string | null;
  album: string | null;
  isrc: string | null;
  label: string | null;
  started_at: string;
  ended_at: string | null;
  source: string;
}

const PAGE = 5000;
const COLUMNS = [
  'id',
  'mount',
  'kind',
  'client_hash',
  'user_agent',
  'country',
  'started_ms',
  'ended_ms',
] as const;

const toFact = (
  r: Pick<Selectable<ListenerSessionsTable>, (typeof COLUMNS)[number]>,
): SessionFact => ({
  id: r.id,
  mount: r.mount,
  kind: r.kind,
  clientHash: r.client_hash,
  userAgent: r.user_agent,
  country: r.country,
  startedMs: Number(r.started_ms),
  endedMs: r.ended_ms === null ? null : Number(r.ended_ms),
});

/** Reads listener sessions (written by listeners/sessions.ts) and the director's plays. */
export function createReportsRepository(db: Db) {
  return {
    /**
     * Sessions overlapping [from, to), in pages: first those that began before `from` (through
     * the ended_ms index), then the range's own in order of start (keyset on start, id).
     */
    async *sessions(
      stationId: string,
      fromMs: number,
      toMs: number,
    ): AsyncGenerator<SessionFact[]> {
      const before = db
        .selectFrom('listener_sessions')
        .select(COLUMNS)
        .where('station_id', '=', stationId)
        .where('started_ms', '<', fromMs);
      yield (await before.where('ended_ms', '>', fromMs).execute()).map(toFact);
      yield (await before.where('ended_ms', 'is', null).execute()).map(toFact);
      let after: { ms: number; id: string } | undefined;
      for (;;) {
        let q = db
          .selectFrom('listener_sessions')
          .select(COLUMNS)
          .where('station_id', '=', stationId)
          .where('started_ms', '<', toMs);
        const k = after;
        q =
          k === undefined
            ? q.where('started_ms', '>=', fromMs)
            : q.where((eb) =>
                eb.or([
                  eb('started_ms', '>', k.ms),
                  eb.and([eb('started_ms', '=', k.ms), eb('id', '>', k.id)]),
                ]),
              );
        const rows = (await q.orderBy('started_ms').orderBy('id').limit(PAGE).execute()).map(
          toFact,
        );
        yield rows;
        const last = rows.at(-1);
        if (rows.length < PAGE || last === undefined) return;
        after = { ms: last.startedMs, id: last.id };
      }
    },

    /** Plays that overlap [from, to), oldest first, with their recordings' tags. */
    async plays(stationId: string, fromIso: string, toIso: string): Promise<PlayRecord[]> {
      return db
        .selectFrom('play_history as h')
        .leftJoin('media as m', 'm.id', 'h.media_id')
        .select([
          'h.id',
          'h.media_id',
          'h.title',
          'm.artist',
          'm.album',
          'm.isrc',
          'm.label',
          'h.started_at',
          'h.ended_at',
          'h.source',
        ])
        .where('h.station_id', '=', stationId)
        .where('h.started_at', '<', toIso)
        .where((eb) => eb.or([eb('h.ended_at', 'is', null), eb('h.ended_at', '>', fromIso)]))
        .orderBy('h.started_at')
        .orderBy('h.id')
        .execute();
    },

    /** Sessions open now, over every replica (as of their last flush). */
    async openNow(stationId: string): Promise<number> {
      const r = await db
        .selectFrom('listener_sessions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('station_id', '=', stationId)
        .where('ended_ms', 'is', null)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
export type ReportsRepository = ReturnType<typeof createReportsRepository>;
