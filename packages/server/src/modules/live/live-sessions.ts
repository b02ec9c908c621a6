import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../infra/clock.js';
import { isUnknownStation, type EngineClient } from '@grimnir/engine-client';
import type { EventBus } from '../../infra/event-bus.js';
import type { AuditLog } from '../audit/index.js';
import type { PlayoutService } from '../playout/index.js';
import type { EventPublisher, UpcomingItems } from '../playout/index.js';
import { refuse, type AuthorisedSource, type Refusal } from './live-auth.js';
import { showEvent, showItemId, showTitle } from './live-show.js';
import { liveTierAt } from './live-tier.js';
import type { LiveMetrics } from './live.metrics.js';
import {
  isUniqueViolation,
  type LiveEndReason,
  type LiveRepository,
  type LiveSessionRow,
} from './live.repository.js';

/** The engine calls live ingest needs (the server's engine client provides them). */
export type LiveEngine = Pick<EngineClient, 'attachLive' | 'detachLive' | 'status' | 'setTitle'>;

/**
 * The DJ's side of a session: its audio bytes, and a way to hang up on it.
 * @public the declaration emit of createLive(), whose return type is inferred, names it.
 */
export interface DjSource {
  chunks: AsyncIterable<Uint8Array>;
  close(): void;
}

interface LiveSessionsDeps {
  repo: LiveRepository;
  playout: Pick<PlayoutService, 'claimLive' | 'releaseLive' | 'liveOnAir' | 'wakeDirector'>;
  upcoming: UpcomingItems;
  engine: LiveEngine;
  /** Publishes the show; hears the director's priority changes (from any replica). */
  events: EventPublisher & Pick<EventBus, 'subscribe'>;
  metrics: LiveMetrics;
  audit: AuditLog;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Heartbeat period; an open session not renewed for 6 periods is closed as stale. */
  heartbeatMs?: number;
}

/** A session this process holds: DJ socket → engine AttachLive stream, and its air claim. */
interface Active {
  row: LiveSessionRow;
  bytes: number;
  sourceId: string | undefined;
  finishing: Promise<void> | undefined;
  dj: DjSource | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** How long a DJ waits for a station the director was just woken for. */
const WAKE_WAIT_MS = 5_000;

export function createLiveSessions(d: LiveSessionsDeps) {
  const heartbeatMs = d.heartbeatMs ?? 5_000;
  const active = new Map<string, Active>();
  const iso = () => d.clock.now().toISOString();

  /** Names the show in now-playing once the director has put the source on air. */
  async function showOnAir(s: Active): Promise<void> {
    if (s.sourceId === undefined) return;
    const changed = await d.playout.liveOnAir(s.row.station_id, s.sourceId, {
      itemId: showItemId(s.row),
      title: showTitle(s.row),
      startedAt: s.row.started_at,
    });
    if (!changed) return;
    d.events.publish(showEvent(s.row, iso()));
    // Listeners on Icecast relays see the show too, not the song automation left off at.
    await d.engine
      .setTitle(s.row.station_id, showTitle(s.row))
      .catch((err: unknown) =>
        d.log.warn({ err, station_id: s.row.station_id }, 'live: engine title update'),
      );
  }

  // The director (here or on the leader replica) puts a source on air, or hands the air back to
  // a DJ after an emergency: name the show at once rather than at the next heartbeat.
  const unsubscribe = d.events.subscribe((e) => {
    if (e.type !== 'priority') return;
    for (const s of active.values())
      if (s.row.station_id === e.payload.station_id)
        showOnAir(s).catch((err: unknown) => d.log.warn({ err }, 'live: now-playing update'));
  });

  async function release(row: LiveSessionRow, sourceId: string | null | undefined): Promise<void> {
    if (!sourceId) return;
    await d.playout
      .releaseLive(sourceId)
      .catch((err: unknown) =>
        d.log.warn({ err, station_id: row.station_id }, 'live: release of the air failed'),
      );
  }

  function finish(s: Active, reason: LiveEndReason): Promise<void> {
    s.finishing ??= (async () => {
      clearInterval(s.timer);
      s.dj?.close();
      const r = s.row;
      await d.engine
        .detachLive(r.station_id)
        .catch((err: unknown) => d.log.warn({ err, station_id: r.station_id }, 'live: detach'));
      await d.repo.endSession(r.id, { at: iso(), reason, bytes: s.bytes });
      await release(r, s.sourceId);
      active.delete(r.id);
      d.metrics.disconnected(r.station_id);
      await d.audit.record({
        userId: r.user_id,
        stationId: r.station_id,
        action: 'live.disconnect',
        targetType: 'live_session',
        targetId: r.id,
        details: { reason, bytes: s.bytes, mount: r.mount },
      });
      d.log.info({ station_id: r.station_id, session_id: r.id, reason }, 'live source ended');
    })().catch((err: unknown) => d.log.error({ err }, 'live: ending a session failed'));
    return s.finishing;
  }

  async function heartbeat(s: Active): Promise<void> {
    const now = await d.repo.findSession(s.row.id);
    // Kicked through another replica (row ended) or the station was deleted (row gone): this
    // replica hangs up on the DJ.
    if (!now || now.ended_at !== null) return finish(s, now?.end_reason ?? 'kicked');
    await d.repo.heartbeat(s.row.id, s.bytes, iso());
    await showOnAir(s);
  }

  async function* counted(s: Active, chunks: AsyncIterable<Uint8Array>) {
    for await (const c of chunks) {
      s.bytes += c.length;
      yield c;
    }
  }

  async function run(s: Active, engine: LiveEngine): Promise<void> {
    const dj = s.dj;
    if (!dj) return;
    const r = s.row;
    let inputDone = false;
    const input = (async function* () {
      try {
        yield* counted(s, dj.chunks);
      } finally {
        inputDone = true;
      }
    })();
    // Back-pressure: the engine client pulls the next chunk only once its stream has room, so
    // the DJ socket is not read while the engine is behind (TCP slows the encoder down).
    const streaming = engine.attachLive(r.station_id, r.content_type, input).then(
      () => 'disconnected' as const,
      (err: unknown) => {
        if (!inputDone) d.log.warn({ err, station_id: r.station_id }, 'live: engine stream failed');
        return inputDone ? ('disconnected' as const) : ('engine_error' as const);
      },
    );
    s.timer = setInterval(() => {
      heartbeat(s).catch((err: unknown) => d.log.warn({ err }, 'live: heartbeat failed'));
    }, heartbeatMs);
    s.timer.unref();
    s.sourceId = await d.playout.claimLive(r.station_id, r.tier, r.user_id, r.dj_name);
    await d.repo.setPrioritySource(r.id, s.sourceId);
    if (s.finishing) await release(r, s.sourceId);
    else await showOnAir(s);
    void streaming.then((reason) => finish(s, reason));
  }

  return {
    /**
     * Opens a session for an authorised DJ: consumes the token, records the row (the open-session
     * index refuses a second DJ on the station) after checking that the engine runs the station.
     */
    async open(
      a: AuthorisedSource,
      meta: { contentType: string; remoteAddr: string | null },
    ): Promise<{ start(dj: DjSource): void; row: LiveSessionRow } | Refusal> {
      const engine = d.engine;
      const stationId = a.mount.stationId;
      // 'absent': the engine runs but does not know the station (yet); 'down': no answer.
      const probe = () =>
        engine.status(stationId).then(
          () => 'runs' as const,
          (err: unknown) => (isUnknownStation(err) ? ('absent' as const) : ('down' as const)),
        );
      let state = await probe();
      // A station created a moment ago is not on the engine until the director's next pass:
      // wake it rather than turn the DJ away (a stopped station stays off and still refuses).
      if (state === 'absent') {
        await d.playout
          .wakeDirector()
          .catch((err: unknown) => d.log.warn({ err, station_id: stationId }, 'live: wake'));
        // The director configures the station on its first round, just after the wake.
        const until = performance.now() + WAKE_WAIT_MS;
        while (state === 'absent' && performance.now() < until) {
          await delay(200);
          state = await probe();
        }
      }
      const ok = state === 'runs';
      if (!ok) return refuse(503, 'engine_unavailable', 'the media engine does not run it now');
      const now = d.clock.now();
      const id = a.identity;
      if (id.kind === 'token' && !(await d.repo.useToken(id.tokenId, now.toISOString())))
        return refuse(401, 'unauthorized', 'this password was already used');
      const items = await d.upcoming.between(stationId, now.getTime() - 1, now.getTime() + 1);
      const row: LiveSessionRow = {
        id: randomUUID(),
        station_id: stationId,
        mount_id: a.mount.id,
        mount: a.mount.name,
        user_id: id.kind === 'user' ? id.userId : id.createdBy,
        token_id: id.kind === 'token' ? id.tokenId : null,
        priority_source_id: null,
        dj_name: id.kind === 'user' ? id.username : (id.label ?? 'Live DJ'),
        title: null,
        tier: liveTierAt(items, now.getTime()),
        content_type: meta.contentType,
        remote_addr: meta.remoteAddr,
        started_at: now.toISOString(),
        heartbeat_at: now.toISOString(),
        ended_at: null,
        end_reason: null,
        bytes_received: 0,
      };
      try {
        await d.repo.insertSession(row);
      } catch (err) {
        if (isUniqueViolation(err)) return refuse(409, 'busy', 'a DJ is already live here');
        throw err;
      }
      const s: Active = {
        row,
        bytes: 0,
        sourceId: undefined,
        finishing: undefined,
        dj: undefined,
        timer: undefined,
      };
      active.set(row.id, s);
      d.metrics.connected(stationId);
      await d.audit.record({
        userId: row.user_id,
        stationId,
        action: 'live.connect',
        targetType: 'live_session',
        targetId: row.id,
        details: { mount: row.mount, tier: row.tier, via: id.kind, ip: meta.remoteAddr },
      });
      d.log.info({ station_id: stationId, session_id: row.id, tier: row.tier }, 'live source on');
      return {
        row,
        start(dj) {
          s.dj = dj;
          run(s, engine).catch(async (err: unknown) => {
            d.log.error({ err, station_id: stationId }, 'live: taking the air failed');
            await finish(s, 'engine_error');
          });
        },
      };
    },

    /** Ends a session; false when it had already ended. Works for any replica's session. */
    async end(row: LiveSessionRow, reason: LiveEndReason): Promise<boolean> {
      const s = active.get(row.id);
      if (s) {
        const first = s.finishing === undefined;
        await finish(s, reason);
        return first;
      }
      const ended = await d.repo.endSession(row.id, {
        at: iso(),
        reason,
        bytes: row.bytes_received,
      });
      if (!ended) return false;
      // The replica holding the DJ notices on its next heartbeat; the air is released now.
      await d.engine.detachLive(row.station_id).catch(() => undefined);
      await release(row, row.priority_source_id);
      return true;
    },

    /** A DJ's song title (from `/admin/metadata`): stored, and named on air. */
    async retitle(row: LiveSessionRow, title: string): Promise<void> {
      await d.repo.setTitle(row.id, title);
      const s = active.get(row.id);
      if (!s) return;
      s.row = { ...s.row, title };
      await showOnAir(s);
    },

    /** Sessions left open by a process that died: closed, and their air claim released. */
    async sweep(): Promise<number> {
      const cutoff = new Date(d.clock.now().getTime() - heartbeatMs * 6).toISOString();
      let n = 0;
      for (const row of await d.repo.staleSessions(cutoff)) {
        if (active.has(row.id)) continue;
        if (
          !(await d.repo.endSession(row.id, {
            at: iso(),
            reason: 'stale',
            bytes: row.bytes_received,
          }))
        )
          continue;
        await release(row, row.priority_source_id);
        n += 1;
      }
      return n;
    },

    /** Live bytes received so far (the row lags by up to one heartbeat). */
    bytesOf(id: string): number | undefined {
      return active.get(id)?.bytes;
    },

    async closeAll(): Promise<void> {
      unsubscribe();
      await Promise.all([...active.values()].map((s) => finish(s, 'shutdown')));
    },
  };
}
export type LiveSessions = ReturnType<typeof createLiveSessions>;
