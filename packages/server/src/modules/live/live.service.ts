import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateLiveTokenRequest, CreatedLiveToken, LiveSession } from '@grimnir/contracts';
import { AppError, conflict, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { AuditLog } from '../audit/index.js';
import { randomSecret, sha256Hex } from '../auth/index.js';
import { TIER_NAMES } from '../playout/index.js';
import type { StationAccess } from '../stations/index.js';
import type { MountsRepository } from '../stations/index.js';
import type { LiveAuth } from './live-auth.js';
import type { LiveSessions } from './live-sessions.js';
import type { LiveRepository, LiveSessionRow } from './live.repository.js';
import type { BasicCredentials } from './source-protocol.js';

interface Deps {
  repo: LiveRepository;
  mounts: MountsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  auth: LiveAuth;
  sessions: LiveSessions;
}

export function createLiveService(d: Deps) {
  function sessionOut(r: LiveSessionRow): z.output<typeof LiveSession> {
    return {
      id: r.id,
      station_id: r.station_id,
      mount_id: r.mount_id,
      mount: r.mount,
      user_id: r.user_id,
      token_id: r.token_id,
      dj_name: r.dj_name,
      title: r.title,
      tier: r.tier,
      tier_name: TIER_NAMES[r.tier],
      content_type: r.content_type,
      started_at: r.started_at,
      ended_at: r.ended_at,
      end_reason: r.end_reason,
      bytes_received:
        r.ended_at === null ? (d.sessions.bytesOf(r.id) ?? r.bytes_received) : r.bytes_received,
      active: r.ended_at === null,
    };
  }

  async function session(ctx: RequestCtx, id: string, need: 'viewer' | 'dj') {
    const row = await d.repo.findSession(id);
    if (!row) throw notFound('live session');
    await d.access.requireStation(ctx.principal, row.station_id, need);
    return row;
  }

  return {
    /** A one-time source password for one mount; only its SHA-256 is kept. */
    async createToken(
      ctx: RequestCtx,
      body: z.output<typeof CreateLiveTokenRequest>,
    ): Promise<Omit<z.output<typeof CreatedLiveToken>, 'host' | 'port'>> {
      await d.access.requireStation(ctx.principal, body.station_id, 'dj');
      const mount = await d.mounts.findById(body.mount_id);
      if (!mount || mount.stationId !== body.station_id) throw notFound('mount');
      const now = d.clock.now();
      const password = randomSecret(18);
      const row = {
        id: randomUUID(),
        station_id: body.station_id,
        mount_id: mount.id,
        label: body.label ?? null,
        created_by: ctx.principal.userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + body.expires_in_minutes * 60_000).toISOString(),
        used_at: null,
      };
      await d.repo.insertToken({ ...row, token_hash: sha256Hex(password) });
      await d.audit.record({
        userId: ctx.principal.userId,
        stationId: body.station_id,
        action: 'live.token_create',
        targetType: 'live_token',
        targetId: row.id,
        details: { mount: mount.name, expires_at: row.expires_at },
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
      return {
        id: row.id,
        station_id: row.station_id,
        mount_id: row.mount_id,
        mount: mount.name,
        username: 'source',
        password,
        path: `/live/${mount.name}`,
        label: row.label,
        expires_at: row.expires_at,
        created_at: row.created_at,
      };
    },

    async listSessions(
      ctx: RequestCtx,
      q: { station_id?: string | undefined; active?: 'true' | 'false' | undefined; limit: number },
    ) {
      let stationIds: string[] | 'all';
      if (q.station_id !== undefined) {
        await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
        stationIds = [q.station_id];
      } else stationIds = await d.access.visibleStationIds(ctx.principal);
      const rows = await d.repo.listSessions({
        stationIds,
        activeOnly: q.active === undefined ? undefined : q.active === 'true',
        limit: q.limit,
      });
      return rows.map(sessionOut);
    },

    async getSession(ctx: RequestCtx, id: string) {
      return sessionOut(await session(ctx, id, 'viewer'));
    },

    /** Kicks a DJ off the air: the DJ themself, or a manager of the station. */
    async kick(ctx: RequestCtx, id: string): Promise<void> {
      const row = await d.repo.findSession(id);
      if (!row) throw notFound('live session');
      const own = row.user_id === ctx.principal.userId && row.token_id === null;
      await d.access.requireStation(ctx.principal, row.station_id, own ? 'dj' : 'manager');
      if (row.ended_at !== null) throw conflict('session_ended', 'the session has already ended');
      if (!(await d.sessions.end(row, 'kicked')))
        throw conflict('session_ended', 'the session has already ended');
      await d.audit.record({
        userId: ctx.principal.userId,
        stationId: row.station_id,
        action: 'live.kick',
        targetType: 'live_session',
        targetId: row.id,
        details: { dj_name: row.dj_name, mount: row.mount },
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
    },

    /** Icecast `updinfo` from DJ software, authenticated like the source itself. */
    async updateTitle(
      mount: string,
      song: string,
      creds: BasicCredentials | undefined,
      ip: string,
    ): Promise<void> {
      const r = await d.auth.metadata(mount, creds, ip);
      if (r.refused) throw new AppError(r.status, r.reason, r.message);
      // Control characters would let a title forge ICY metadata or log lines.
      const title = song
        .replace(/\p{Cc}/gu, ' ')
        .trim()
        .slice(0, 500);
      await d.sessions.retitle(r.session, title);
    },
  };
}
export type LiveService = ReturnType<typeof createLiveService>;
