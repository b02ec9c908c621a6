import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type SessionKind = 'direct' | 'relay';

export interface SessionRow {
  id: string;
  stationId: string;
  mountId: string | null;
  mount: string;
  kind: SessionKind;
  trackerId: string;
  clientHash: string | null;
  clientNet: string | null;
  userAgent: string | null;
  country: string | null;
  startedMs: number;
  endedMs: number | null;
}

interface SessionBatch {
  inserts: readonly SessionRow[];
  ends: readonly { id: string; endedMs: number }[];
  heartbeat: { trackerId: string; ms: number };
}

/** What one batch cost the database: the figures the write-load bench reports. */
export interface WriteCost {
  rows: number;
  statements: number;
}

// Small statements: better-sqlite3 runs each on the event loop, and a restart's burst of 5,000
// reconnecting players at 400 rows a statement held it ~35 ms per statement (bench), at 100
// about a quarter of that. Steady state writes a few rows per flush either way.
const INSERT_CHUNK = 100;
const END_CHUNK = 200;
const PURGE_CHUNK = 5000;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** Listener sessions: written in batches by the tracker (sessions.ts), read by reports. */
export function createListenerSessionsRepository(db: Db) {
  return {
    /** One transaction per flush: new sessions, ended ones, and the tracker's heartbeat. */
    async writeBatch(b: SessionBatch): Promise<WriteCost> {
      let statements = 0;
      await db.transaction().execute(async (tx) => {
        for (const part of chunks(b.inserts, INSERT_CHUNK)) {
          await tx
            .insertInto('listener_sessions')
            .values(
              part.map((r) => ({
                id: r.id,
                station_id: r.stationId,
                mount_id: r.mountId,
                mount: r.mount,
                kind: r.kind,
                tracker_id: r.trackerId,
                client_hash: r.clientHash,
                client_net: r.clientNet,
                user_agent: r.userAgent,
                country: r.country,
                started_ms: r.startedMs,
                ended_ms: r.endedMs,
              })),
            )
            .execute();
          statements++;
        }
        for (const part of chunks(b.ends, END_CHUNK)) {
          // One statement ends many sessions, each at its own time.
          const when = sql.join(
            part.map((e) => sql`when ${e.id} then cast(${e.endedMs} as bigint)`),
            sql` `,
          );
          await tx
            .updateTable('listener_sessions')
            .set({ ended_ms: sql<number>`case id ${when} end` })
            .where(
              'id',
              'in',
              part.map((e) => e.id),
            )
            .execute();
          statements++;
        }
        await tx
          .insertInto('listener_trackers')
          .values({ id: b.heartbeat.trackerId, heartbeat_ms: b.heartbeat.ms })
          .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_ms: b.heartbeat.ms }))
          .execute();
        statements++;
      });
      return { rows: b.inserts.length + b.ends.length + 1, statements };
    },

    /**
     * Sessions left open by trackers that stopped beating before `staleBeforeMs` (a crashed or
     * killed replica) end at their tracker's last heartbeat, or at their start when the
     * tracker's row is gone. Returns how many were closed.
     */
    async closeAbandoned(ownTrackerId: string, staleBeforeMs: number): Promise<number> {
      const alive = db
        .selectFrom('listener_trackers')
        .select('id')
        .where('heartbeat_ms', '>=', staleBeforeMs);
      // The tracker's last heartbeat, or the session's start when its tracker row is gone.
      const lastBeat = sql<number>`coalesce((select t.heartbeat_ms from listener_trackers t
        where t.id = listener_sessions.tracker_id), listener_sessions.started_ms)`;
      const res = await db
        .updateTable('listener_sessions')
        .set({ ended_ms: lastBeat })
        .where('ended_ms', 'is', null)
        .where('tracker_id', '<>', ownTrackerId)
        .where('tracker_id', 'not in', alive)
        .executeTakeFirst();
      await db
        .deleteFrom('listener_trackers')
        .where('heartbeat_ms', '<', staleBeforeMs)
        .where('id', '<>', ownTrackerId)
        .execute();
      return Number(res.numUpdatedRows);
    },

    /** A tracker stopping cleanly: its heartbeat row goes (its sessions were ended by a flush). */
    async removeTracker(trackerId: string): Promise<void> {
      await db.deleteFrom('listener_trackers').where('id', '=', trackerId).execute();
    },

    /**
     * Deletes ended sessions older than the retention, a chunk per statement so a long backlog
     * never holds SQLite's writer (and the event loop) for long. Returns rows deleted.
     */
    async purgeEndedBefore(beforeMs: number): Promise<number> {
      let total = 0;
      for (;;) {
        const ids = db
          .selectFrom('listener_sessions')
          .select('id')
          .where('ended_ms', '<', beforeMs)
          .limit(PURGE_CHUNK);
        const res = await db
          .deleteFrom('listener_sessions')
          .where('id', 'in', ids)
          .executeTakeFirst();
        const n = Number(res.numDeletedRows);
        total += n;
        if (n < PURGE_CHUNK) return total;
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}
export type ListenerSessionsRepository = ReturnType<typeof createListenerSessionsRepository>;
