import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { toBool, toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { ExecutorState } from '@grimnir/contracts';
import { isExecutorState } from './director/executor-state.js';
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
}
export type ExecutorPatch = Partial<Omit<ExecutorRow, 'station_id' | 'updated_at'>>;

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

export interface QueueRow {
  id: string;
  station_id: string;
  media_id: string;
  created_by: string | null;
  created_at: string;
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
  loudness_lufs: number | null;
  active: boolean;
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
  'loudness_lufs',
  'active',
] as const;

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
      };
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
    /** Forgets the item a released source had on air (only if that source still holds the row). */
    async clearSourceItem(stationId: string, sourceId: string, now: string): Promise<void> {
      await db
        .updateTable('executor_states')
        .set({
          item_id: null,
          media_id: null,
          title: null,
          started_at: null,
          ends_at: null,
          updated_at: now,
        })
        .where('station_id', '=', stationId)
        .where('source_id', '=', sourceId)
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

    async enqueue(q: QueueRow): Promise<void> {
      await db.insertInto('play_queue').values(q).execute();
    },
    async queue(stationId: string): Promise<QueueRow[]> {
      const rows = await db
        .selectFrom('play_queue')
        .selectAll()
        .where('station_id', '=', stationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, created_at: toIso(r.created_at) }));
    },
    async findQueued(id: string): Promise<QueueRow | undefined> {
      const r = await db
        .selectFrom('play_queue')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && { ...r, created_at: toIso(r.created_at) };
    },
    async dequeue(id: string, tx: Db = db): Promise<boolean> {
      const res = await tx.deleteFrom('play_queue').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

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
      return r && { ...r, active: toBool(r.active) };
    },
    /** A few active media of the station, the engine's fallback rotation when nothing else plays. */
    async fallbackMedia(stationId: string, limit: number): Promise<MediaForPlayout[]> {
      const rows = await db
        .selectFrom('media')
        .select(PLAYOUT_MEDIA_COLUMNS)
        .where('station_id', '=', stationId)
        .where('active', '=', true)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, active: toBool(r.active) }));
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
