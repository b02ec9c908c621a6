import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { LiveSessionsTable } from '../../db/types.js';

interface LiveTokenRow {
  id: string;
  station_id: string;
  mount_id: string;
  label: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type LiveEndReason = 'disconnected' | 'kicked' | 'engine_error' | 'stale' | 'shutdown';

export interface LiveSessionRow {
  id: string;
  station_id: string;
  mount_id: string | null;
  mount: string;
  user_id: string | null;
  token_id: string | null;
  priority_source_id: string | null;
  dj_name: string;
  title: string | null;
  tier: 1 | 2;
  content_type: string;
  remote_addr: string | null;
  started_at: string;
  heartbeat_at: string;
  ended_at: string | null;
  end_reason: LiveEndReason | null;
  bytes_received: number;
}

const REASONS: readonly string[] = ['disconnected', 'kicked', 'engine_error', 'stale', 'shutdown'];

function toSession(r: Selectable<LiveSessionsTable>): LiveSessionRow {
  return {
    ...r,
    tier: r.tier === 2 ? 2 : 1,
    started_at: toIso(r.started_at),
    heartbeat_at: toIso(r.heartbeat_at),
    ended_at: toIsoOrNull(r.ended_at),
    end_reason:
      r.end_reason !== null && REASONS.includes(r.end_reason)
        ? (r.end_reason as LiveEndReason)
        : null,
    bytes_received: Number(r.bytes_received),
  };
}

export function createLiveRepository(db: Db) {
  return {
    async insertToken(t: LiveTokenRow & { token_hash: string }): Promise<void> {
      await db.insertInto('live_tokens').values(t).execute();
    },
    async findTokenByHash(hash: string): Promise<LiveTokenRow | undefined> {
      const r = await db
        .selectFrom('live_tokens')
        .select([
          'id',
          'station_id',
          'mount_id',
          'label',
          'created_by',
          'created_at',
          'expires_at',
          'used_at',
        ])
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      return (
        r && {
          ...r,
          created_at: toIso(r.created_at),
          expires_at: toIso(r.expires_at),
          used_at: toIsoOrNull(r.used_at),
        }
      );
    },
    /** Marks a token used; false when another connection used it first (one use, atomically). */
    async useToken(id: string, now: string): Promise<boolean> {
      const res = await db
        .updateTable('live_tokens')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Throws a unique violation (see isUniqueViolation) when the station already has a DJ. */
    async insertSession(
      s: Omit<LiveSessionRow, 'ended_at' | 'end_reason' | 'bytes_received'>,
    ): Promise<void> {
      await db.insertInto('live_sessions').values(s).execute();
    },
    async findSession(id: string): Promise<LiveSessionRow | undefined> {
      const r = await db
        .selectFrom('live_sessions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toSession(r);
    },
    async openSessionOf(stationId: string): Promise<LiveSessionRow | undefined> {
      const r = await db
        .selectFrom('live_sessions')
        .selectAll()
        .where('station_id', '=', stationId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return r && toSession(r);
    },
    async listSessions(opts: {
      stationIds: readonly string[] | 'all';
      activeOnly: boolean | undefined;
      limit: number;
    }): Promise<LiveSessionRow[]> {
      if (opts.stationIds !== 'all' && opts.stationIds.length === 0) return [];
      let q = db.selectFrom('live_sessions').selectAll();
      if (opts.stationIds !== 'all') q = q.where('station_id', 'in', opts.stationIds);
      if (opts.activeOnly === true) q = q.where('ended_at', 'is', null);
      if (opts.activeOnly === false) q = q.where('ended_at', 'is not', null);
      const rows = await q
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit)
        .execute();
      return rows.map(toSession);
    },
    async setPrioritySource(id: string, sourceId: string): Promise<void> {
      await db
        .updateTable('live_sessions')
        .set({ priority_source_id: sourceId })
        .where('id', '=', id)
        .execute();
    },
    async setTitle(id: string, title: string): Promise<void> {
      await db.updateTable('live_sessions').set({ title }).where('id', '=', id).execute();
    },
    async heartbeat(id: string, bytes: number, now: string): Promise<void> {
      await db
        .updateTable('live_sessions')
        .set({ heartbeat_at: now, bytes_received: bytes })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .execute();
    },
    /** Ends an open session; false when it had already ended (ending is idempotent). */
    async endSession(
      id: string,
      end: { at: string; reason: LiveEndReason; bytes: number },
    ): Promise<boolean> {
      const res = await db
        .updateTable('live_sessions')
        .set({ ended_at: end.at, end_reason: end.reason, bytes_received: end.bytes })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /** Open sessions whose process stopped renewing them (it crashed or lost its database). */
    async staleSessions(heartbeatBefore: string): Promise<LiveSessionRow[]> {
      const rows = await db
        .selectFrom('live_sessions')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('heartbeat_at', '<', heartbeatBefore)
        .execute();
      return rows.map(toSession);
    },
  };
}
export type LiveRepository = ReturnType<typeof createLiveRepository>;

/** The open-session index refused a second DJ (a unique violation on either database). */
export { isUniqueViolation } from '../../db/unique-violation.js';
