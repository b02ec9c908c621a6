import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso } from '../../db/row-mappers.js';
import { decideReorder, type ReorderDecision } from './api/queue-order.js';

export interface QueueRow {
  id: string;
  station_id: string;
  media_id: string;
  created_by: string | null;
  created_at: string;
}

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

interface Ordered {
  id: string;
  position: number;
  created_at: string | Date;
}
/** Rows queued before positions existed share 0 and keep the order they were added in. */
const byPlayOrder = (a: Ordered, b: Ordered) =>
  a.position - b.position ||
  toIso(a.created_at).localeCompare(toIso(b.created_at)) ||
  a.id.localeCompare(b.id);

/** The play-next queue: its rows, in the order the director plays them. */
export function createPlayQueueRepository(db: Db) {
  return {
    /** Appends after the last position; the subquery keeps it one statement on both databases. */
    async enqueue(q: QueueRow): Promise<void> {
      await db
        .insertInto('play_queue')
        .values({
          ...q,
          position: db
            .selectFrom('play_queue')
            .select(sql<number>`coalesce(max(position), -1) + 1`.as('next'))
            .where('station_id', '=', q.station_id),
        })
        .execute();
    },
    async queue(stationId: string): Promise<QueueRow[]> {
      const rows = await db
        .selectFrom('play_queue')
        .select(['id', 'station_id', 'media_id', 'created_by', 'created_at'])
        .where('station_id', '=', stationId)
        .orderBy('position')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, created_at: toIso(r.created_at) }));
    },
    async findQueued(id: string): Promise<QueueRow | undefined> {
      const r = await db
        .selectFrom('play_queue')
        .select(['id', 'station_id', 'media_id', 'created_by', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return r && { ...r, created_at: toIso(r.created_at) };
    },
    async dequeue(id: string, tx: Db = db): Promise<boolean> {
      const res = await tx.deleteFrom('play_queue').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    /**
     * Writes `next` as the station's order if the queue still reads `previous`. The check and
     * the write share one transaction; on PostgreSQL the rows are locked first so a second
     * operator's reorder waits and then sees the first one's order (SQLite runs one writer).
     */
    async reorder(stationId: string, previous: string[], next: string[]): Promise<ReorderDecision> {
      return db.transaction().execute(async (tx) => {
        const q = tx
          .selectFrom('play_queue')
          .select(['id', 'position', 'created_at'])
          .where('station_id', '=', stationId);
        // Sorted here, not in SQL: PostgreSQL sorts before it locks, so ORDER BY could use
        // the positions from before the other transaction committed.
        const rows = (await (isPg(tx) ? q.forUpdate() : q).execute()).sort(byPlayOrder);
        const decision = decideReorder(
          rows.map((r) => r.id),
          previous,
          next,
        );
        if (decision !== 'apply') return decision;
        for (const [position, id] of next.entries())
          await tx
            .updateTable('play_queue')
            .set({ position })
            .where('id', '=', id)
            .where('station_id', '=', stationId)
            .execute();
        return decision;
      });
    },
  };
}
