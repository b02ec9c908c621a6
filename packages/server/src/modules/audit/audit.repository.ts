import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.js';
import { toIso } from '../../db/row-mappers.js';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../infra/clock.js';

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
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
