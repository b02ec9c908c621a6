import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

/** A scripted listener session, minutes from a base time (null end: still listening). */
interface ScriptedSession {
  mount: string;
  kind?: 'direct' | 'relay';
  client?: string;
  userAgent?: string;
  country?: string;
  from: number;
  to: number | null;
}

/** Writes listener sessions as the tracker would, so reports can be checked by hand. */
export async function insertListenerSessions(
  db: Db,
  stationId: string,
  trackerId: string,
  baseMs: number,
  sessions: readonly ScriptedSession[],
): Promise<void> {
  await db
    .insertInto('listener_sessions')
    .values(
      sessions.map((s) => ({
        id: randomUUID(),
        station_id: stationId,
        mount_id: null,
        mount: s.mount,
        kind: s.kind ?? 'direct',
        tracker_id: trackerId,
        client_hash: s.client ?? null,
        client_net: null,
        user_agent: s.userAgent ?? null,
        country: s.country ?? null,
        started_ms: baseMs + s.from * 60_000,
        ended_ms: s.to === null ? null : baseMs + s.to * 60_000,
      })),
    )
    .execute();
}
