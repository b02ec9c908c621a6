import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso } from '../../db/row-mappers.js';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../infra/clock.js';
import type { AuditBefore } from './audit-cursor.js';

/** @public the declaration emit of buildServices(), whose return type is inferred, names it. */
export interface AuditEntry {
  userId: string | null;
  stationId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Never put secrets here: the audit log is readable by admins. */
  details?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

/** What one page of the log is filtered by; the service has already applied the caller's scope. */
export interface AuditFilter {
  /** 'all' (admins), or only entries of these stations (station-less entries excluded). */
  stationIds: string[] | 'all';
  actor?: { id: string } | { username: string } | undefined;
  action?: { exact: string } | { prefix: string } | undefined;
  before?: AuditBefore | undefined;
  limit: number;
}

function parseDetails(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function scoped(db: Db, stationIds: string[] | 'all') {
  const q = db.selectFrom('audit_log');
  return stationIds === 'all' ? q : q.where('audit_log.station_id', 'in', stationIds);
}

export function createAuditLog(db: Db, clock: Clock) {
  return {
    async record(e: AuditEntry, tx?: Transaction<Database>): Promise<void> {
      await (tx ?? db)
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          user_id: e.userId,
          station_id: e.stationId ?? null,
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId ?? null,
          details: JSON.stringify(e.details ?? {}),
          request_id: e.requestId ?? null,
          ip: e.ip ?? null,
          created_at: clock.now().toISOString(),
        })
        .execute();
    },
    async list(opts: { stationId?: string; limit: number }) {
      let q = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(opts.limit);
      if (opts.stationId !== undefined) q = q.where('station_id', '=', opts.stationId);
      const rows = await q.execute();
      return rows.map((r) => ({
        ...r,
        details: JSON.parse(r.details) as unknown,
        created_at: toIso(r.created_at),
      }));
    },

    /** One page, newest first, keyset-paged on (created_at, id). */
    async page(f: AuditFilter) {
      if (f.stationIds !== 'all' && f.stationIds.length === 0) return [];
      let q = scoped(db, f.stationIds)
        .leftJoin('users', 'users.id', 'audit_log.user_id')
        .selectAll('audit_log')
        .select('users.username');
      const { actor, action, before } = f;
      if (actor && 'id' in actor) q = q.where('audit_log.user_id', '=', actor.id);
      else if (actor)
        q = q.where((eb) =>
          eb(eb.fn('lower', ['users.username']), '=', actor.username.toLowerCase()),
        );
      if (action && 'exact' in action) q = q.where('audit_log.action', '=', action.exact);
      // Action names are [a-z0-9_.] (checked by the contract), so only "_" needs escaping.
      else if (action)
        q = q.where(
          sql<boolean>`${sql.ref('audit_log.action')} like ${`${action.prefix.replace(/_/g, '\\_')}%`} escape '\\'`,
        );
      if (before?.id !== undefined) {
        const { createdAt, id } = before;
        q = q.where((eb) =>
          eb(eb.refTuple('audit_log.created_at', 'audit_log.id'), '<', eb.tuple(createdAt, id)),
        );
      } else if (before) q = q.where('audit_log.created_at', '<', before.createdAt);
      const rows = await q
        .orderBy('audit_log.created_at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(f.limit)
        .execute();
      return rows.map((r) => ({
        ...r,
        details: parseDetails(r.details),
        created_at: toIso(r.created_at),
      }));
    },

    /** The distinct actions in the caller's scope, for filter menus. */
    async actions(stationIds: string[] | 'all'): Promise<string[]> {
      if (stationIds !== 'all' && stationIds.length === 0) return [];
      const rows = await scoped(db, stationIds)
        .select('audit_log.action')
        .distinct()
        .orderBy('audit_log.action')
        .execute();
      return rows.map((r) => r.action);
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
