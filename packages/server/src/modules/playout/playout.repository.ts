import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MediaTable } from '../../db/types.js';
import { toBool, toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { ExecutorState } from '@grimnir/contracts';
import { isExecutorState } from './director/executor-state.js';
import { createPlayQueueRepository } from './play-queue.repository.js';
export type { QueueRow } from './play-queue.repository.js';
import type { ExplicitTier, Tier } from './priority/priority-resolver.js';

export interface ExecutorRow {
  station_id: string;
  state: ExecutorState;
  enabled: boolean;
  tier: Tier | null;
  source_id: string | null;
  item_id: string | null;
  media_id: string | null;
  title: string | null;
  started_at: string | null;
  ends_at: string | null;
  updated_at: string;
  /** Set while the station is off air (see OffAirReason); null while listeners hear it. */
  off_air_reason: OffAirReason | null;
  off_air_since: string | null;
}
/** Why a station is off air: the engine does not answer, or it answers but plays silence. */
export type OffAirReason = 'engine_unreachable' | 'silent';
const asOffAir = (r: string | null): OffAirReason | null =>
  r === 'engine_unreachable' || r === 'silent' ? r : null;
export type ExecutorPatch = Partial<Omit<ExecutorRow, 'station_id' | 'updated_at'>>;

/** An executor row's item fields when it names no item. */
export const NO_ITEM = {
  item_id: null,
  media_id: null,
  title: null,
  started_at: null,
  ends_at: null,
} as const;

/** Which column a `clearItem` match compares, and with what. */
export function clearMatch(
  match: { source_id: string } | { item_id: string },
): readonly ['source_id' | 'item_id', string] {
  return 'source_id' in match ? ['source_id', match.source_id] : ['item_id', match.item_id];
}

export interface PrioritySourceRow {
  id: string;
  station_id: string;
  tier: ExplicitTier;
  kind: string;
  media_id: string | null;
  label: string | null;
  created_by: string | null;
  activated_at: string;
  released_at: string | null;
}

export interface HistoryRow {
  id: string;
  station_id: string;
  media_id: string | null;
  item_id: string;
  title: string;
  started_at: string;
  ended_at: string | null;
  tier: Tier;
  source: string;
}

export interface MediaForPlayout {
  id: string;
  station_id: string;
  title: string;
  artist: string | null;
  album: string | null;
  storage_path: string;
  duration_ms: number | null;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
  loudness_lufs: number | null;
  active: boolean;
  /** Fenced after repeated decoder failures: never loaded until analysed again. */
  failed: boolean;
}

const asTier = (n: number | null): Tier | null =>
  n === null ? null : (Math.min(4, Math.max(0, n)) as Tier);

/** What the director needs of a media row to play it. */
const PLAYOUT_MEDIA_COLUMNS = [
  'id',
  'station_id',
  'title',
  'artist',
  'album',
  'storage_path',
  'duration_ms',
  'cue_in_ms',
  'cue_out_ms',
  'fade_in_ms',
  'fade_out_ms',
  'loudness_lufs',
  'active',
  'playout_state',
] as const;

type PlayoutMediaRow = Pick<Selectable<MediaTable>, (typeof PLAYOUT_MEDIA_COLUMNS)[number]>;
const toPlayoutMedia = ({ playout_state, ...r }: PlayoutMediaRow): MediaForPlayout => ({
  ...r,
  active: toBool(r.active),
  failed: playout_state === 'failed',
});

export function createPlayoutRepository(db: Db) {
  return {
    async executor(stationId: string): Promise<ExecutorRow | undefined> {
      const r = await db
        .selectFrom('executor_states')
        .selectAll()
        .where('station_id', '=', stationId)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        ...r,
        state: isExecutorState(r.state) ? r.state : 'idle',
        enabled: toBool(r.enabled),
        tier: asTier(r.tier),
        started_at: toIsoOrNull(r.started_at),
        ends_at: toIsoOrNull(r.ends_at),
        updated_at: toIso(r.updated_at),
        off_air_reason: asOffAir(r.off_air_reason),
      };
    },
    /** Stations that should be on air and are not, per the director's last word. */
    async offAirStations(): Promise<{ station_id: string; reason: OffAirReason; since: string }[]> {
      const rows = await db
        .selectFrom('executor_states')
        .innerJoin('stations', 'stations.id', 'executor_states.station_id')
        .select(['station_id', 'off_air_reason', 'off_air_since'])
        .where('stations.active', '=', true)
        .where('executor_states.enabled', '=', true)
        .where('off_air_reason', 'is not', null)
        .orderBy('station_id')
        .execute();
      return rows.flatMap((r) => {
        const reason = asOffAir(r.off_air_reason);
        return reason ? [{ station_id: r.station_id, reason, since: r.off_air_since ?? '' }] : [];
      });
    },
    /**
     * Counts one decoder failure of a file during playout; from `threshold` failures on the file
     * is fenced ('failed') until it is analysed again. Returns the count and the state.
     */
    async recordDecoderFailure(
      mediaId: string,
      error: string,
      threshold: number,
      now: string,
      tx: Db = db,
    ): Promise<{ failures: number; failed: boolean } | undefined> {
      await tx
        .updateTable('media')
        .set({
          playout_failures: sql`playout_failures + 1`,
          playout_error: error.slice(0, 500),
          playout_state: sql`case when playout_failures + 1 >= ${threshold} then 'failed' else playout_state end`,
          updated_at: now,
        })
        .where('id', '=', mediaId)
        .execute();
      const r = await tx
        .selectFrom('media')
        .select(['playout_failures', 'playout_state'])
        .where('id', '=', mediaId)
        .executeTakeFirst();
      return r && { failures: r.playout_failures, failed: r.playout_state === 'failed' };
    },
    async saveExecutor(
      stationId: string,
      patch: ExecutorPatch,
      now: string,
      tx: Db = db,
    ): Promise<void> {
      await tx
        .insertInto('executor_states')
        .values({ station_id: stationId, state: 'idle', ...patch, updated_at: now })
        .onConflict((oc) => oc.column('station_id').doUpdateSet({ ...patch, updated_at: now }))
        .execute();
    },
    /**
     * Forgets the row's item if the row still names it, by the source that had it on air (a
     * released live show) or by the item (one that ended with nothing after it). One
     * conditional statement: a write by someone else in between is never blanked.
     */
    async clearItem(
      stationId: string,
      match: { source_id: string } | { item_id: string },
      now: string,
      tx: Db = db,
    ): Promise<void> {
      const [column, value] = clearMatch(match);
      await tx
        .updateTable('executor_states')
        .set({ ...NO_ITEM, updated_at: now })
        .where('station_id', '=', stationId)
        .where(column, '=', value)
        .execute();
    },
    /** Active stations the director should run (not stopped by an operator). */
    async runnableStationIds(): Promise<string[]> {
      const rows = await db
        .selectFrom('stations')
        .leftJoin('executor_states', 'executor_states.station_id', 'stations.id')
        .select('stations.id')
        .where('stations.active', '=', true)
        .where((eb) =>
          eb.or([
            eb('executor_states.enabled', 'is', null),
            eb('executor_states.enabled', '=', true),
          ]),
        )
        .orderBy('stations.id')
        .execute();
      return rows.map((r) => r.id);
    },

    async insertSource(s: Omit<PrioritySourceRow, 'released_at'>): Promise<void> {
      await db.insertInto('priority_sources').values(s).execute();
    },
    async findSource(id: string): Promise<PrioritySourceRow | undefined> {
      const r = await db
        .selectFrom('priority_sources')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toSource(r);
    },
    async activeSources(stationId: string): Promise<PrioritySourceRow[]> {
      const rows = await db
        .selectFrom('priority_sources')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('released_at', 'is', null)
        .orderBy('activated_at')
        .orderBy('id')
        .execute();
      return rows.map(toSource);
    },
    /** Returns false when the source was already released (release is idempotent). */
    async releaseSource(id: string, now: string, tx: Db = db): Promise<boolean> {
      const res = await tx
        .updateTable('priority_sources')
        .set({ released_at: now })
        .where('id', '=', id)
        .where('released_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    ...createPlayQueueRepository(db),

    /** Records a start reported by the engine and counts the play on the media row. */
    async startPlay(h: Omit<HistoryRow, 'ended_at'>, tx?: Db): Promise<void> {
      const write = async (t: Db) => {
        await t.insertInto('play_history').values(h).execute();
        if (h.media_id !== null)
          await t
            .updateTable('media')
            .set({ play_count: sql`play_count + 1`, last_played_at: h.started_at })
            .where('id', '=', h.media_id)
            .execute();
      };
      // Inside the caller's transaction when given one (a transaction does not nest).
      await (tx ? write(tx) : db.transaction().execute(write));
    },
    /** Closes the open history row of an item (the engine's track_ended). */
    async endPlay(stationId: string, itemId: string, endedAt: string, tx: Db = db): Promise<void> {
      await tx
        .updateTable('play_history')
        .set({ ended_at: endedAt })
        .where('station_id', '=', stationId)
        .where('item_id', '=', itemId)
        .where('ended_at', 'is', null)
        .execute();
    },
    /** The engine lost its state (restart): whatever it was playing ended then. */
    async endOpenPlays(stationId: string, endedAt: string, tx: Db = db): Promise<void> {
      await tx
        .updateTable('play_history')
        .set({ ended_at: endedAt })
        .where('station_id', '=', stationId)
        .where('ended_at', 'is', null)
        .execute();
    },
    async history(stationId: string, limit: number): Promise<HistoryRow[]> {
      const rows = await db
        .selectFrom('play_history')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        ...r,
        tier: asTier(r.tier) ?? 3,
        started_at: toIso(r.started_at),
        ended_at: toIsoOrNull(r.ended_at),
      }));
    },

    async media(id: string): Promise<MediaForPlayout | undefined> {
      const r = await db
        .selectFrom('media')
        .select(PLAYOUT_MEDIA_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toPlayoutMedia(r);
    },
    /** A few active media of the station, the engine's fallback rotation when nothing else plays. */
    async fallbackMedia(stationId: string, limit: number): Promise<MediaForPlayout[]> {
      const rows = await db
        .selectFrom('media')
        .select(PLAYOUT_MEDIA_COLUMNS)
        .where('station_id', '=', stationId)
        .where('active', '=', true)
        .where('playout_state', '!=', 'failed')
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toPlayoutMedia);
    },
  };
}
export type PlayoutRepository = ReturnType<typeof createPlayoutRepository>;

function toSource(r: {
  id: string;
  station_id: string;
  tier: number;
  kind: string;
  media_id: string | null;
  label: string | null;
  created_by: string | null;
  activated_at: string;
  released_at: string | null;
}): PrioritySourceRow {
  return {
    ...r,
    tier: Math.min(2, Math.max(0, r.tier)) as ExplicitTier,
    activated_at: toIso(r.activated_at),
    released_at: toIsoOrNull(r.released_at),
  };
}
