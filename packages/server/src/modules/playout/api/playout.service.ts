import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { PrioritySource } from '@grimnir/contracts';
import { AppError, badRequest, conflict, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { LeaderCommand, LeaderCommands } from '../../../infra/leader-commands.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import type { AuditLog } from '../../audit/index.js';
import type { StationAccess } from '../../stations/index.js';
import type { StationsRepository } from '../../stations/index.js';
import { mediaTitle } from '../engine/engine-items.js';
import type { ExecutorRow, PlayoutRepository, PrioritySourceRow } from '../playout.repository.js';
import type { EngineControl, EventPublisher, UpcomingItems } from '../ports.js';
import { createNowPlaying } from './now-playing.js';
import { TIER, TIER_NAMES, type Tier } from '../priority/priority-resolver.js';
import { createPlayQueueService } from './play-queue.service.js';

interface Deps {
  repo: PlayoutRepository;
  stations: StationsRepository;
  access: StationAccess;
  audit: AuditLog;
  clock: Clock;
  upcoming: UpcomingItems;
  events: EventPublisher;
  /** Director work runs on the leader: here, or on another replica over Redis. */
  commands: LeaderCommands;
  /** Asked for what is on air while no replica leads (see `leaderless`). */
  engine: Pick<EngineControl, 'status'>;
  /** True while no replica can lead (the lease store is down): the stored view stands still. */
  leaderless: () => boolean;
}

/**
 * `done`: the leader's engine acknowledged. `not_running`: the leader drives no director for
 * the station (stopped). `accepted`: no leader answered in time; the decision is stored and
 * the leader's next round applies it (the routes answer 202).
 */
type Applied = 'done' | 'not_running' | 'accepted';

type TierName = (typeof TIER_NAMES)[Tier];
const tierName = (t: Tier): TierName => TIER_NAMES[t];
const unavailable = () =>
  new AppError(409, 'playout_unavailable', 'no media engine is driving this station here');

export function createPlayoutService(d: Deps) {
  /** The decision is stored either way; the director re-applies it once the engine answers. */
  async function onLeader(cmd: LeaderCommand): Promise<Applied> {
    const r = await d.commands.send(cmd);
    if (r.status === 'failed') throw new AppError(503, r.code, r.message);
    return r.status;
  }

  const audit = (
    ctx: RequestCtx,
    stationId: string,
    action: string,
    target: string,
    details = {},
  ) =>
    d.audit.record({
      userId: ctx.principal.userId,
      stationId,
      action,
      targetType: 'playout',
      targetId: target,
      details,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });

  function sourceOut(r: PrioritySourceRow, onAir: boolean): z.output<typeof PrioritySource> {
    return {
      id: r.id,
      station_id: r.station_id,
      tier: r.tier,
      tier_name: tierName(r.tier),
      kind: r.kind,
      media_id: r.media_id,
      activated_at: r.activated_at,
      released_at: r.released_at,
      on_air: onAir,
    };
  }

  async function stationMedia(stationId: string, mediaId: string) {
    const media = await d.repo.media(mediaId);
    if (!media || media.station_id !== stationId) throw notFound('media');
    if (!media.active) throw badRequest('media is not active');
    if (media.failed)
      throw conflict(
        'media_failed',
        'the engine could not decode this file; analyse it again before playing it',
      );
    return media;
  }

  const nowPlaying = createNowPlaying(d);

  async function executor(stationId: string): Promise<ExecutorRow | undefined> {
    return d.repo.executor(stationId);
  }

  return {
    ...createPlayQueueService({
      repo: d.repo,
      access: d.access,
      clock: d.clock,
      events: d.events,
      audit,
      stationMedia,
      queueChanged: (stationId) => onLeader({ type: 'playout.queue_changed', stationId }),
    }),

    /** Returns once the engine acknowledged the insert (the station's director ran the ladder). */
    async emergency(ctx: RequestCtx, stationId: string, mediaId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      const media = await stationMedia(stationId, mediaId);
      const row: Omit<PrioritySourceRow, 'released_at'> = {
        id: randomUUID(),
        station_id: stationId,
        tier: TIER.emergency,
        kind: 'emergency',
        media_id: media.id,
        label: mediaTitle(media),
        created_by: ctx.principal.userId,
        activated_at: d.clock.now().toISOString(),
      };
      await d.repo.insertSource(row);
      await audit(ctx, stationId, 'priority.emergency', row.id, { media_id: media.id });
      const applied = await onLeader({ type: 'priority.apply', stationId });
      return { source: sourceOut({ ...row, released_at: null }, applied === 'done'), applied };
    },

    async release(ctx: RequestCtx, id: string): Promise<Applied> {
      const row = await d.repo.findSource(id);
      if (!row) throw notFound('priority source');
      await d.access.requireStation(ctx.principal, row.station_id, 'dj');
      await d.repo.releaseSource(id, d.clock.now().toISOString());
      await audit(ctx, row.station_id, 'priority.release', id);
      return onLeader({ type: 'priority.apply', stationId: row.station_id });
    },

    async current(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      const sources = await d.repo.activeSources(stationId);
      const row = await executor(stationId);
      const strongest = [...sources].sort(
        (a, b) => a.tier - b.tier || b.activated_at.localeCompare(a.activated_at),
      )[0];
      const tier: Tier = strongest?.tier ?? row?.tier ?? TIER.fallback;
      return {
        station_id: stationId,
        tier,
        tier_name: tierName(tier),
        source_id: strongest?.id ?? row?.source_id ?? null,
        state: row?.state ?? 'idle',
        active_sources: sources.map((s) => sourceOut(s, row?.source_id === s.id)),
      };
    },

    async stationNowPlaying(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return nowPlaying(stationId);
    },

    /** Anonymous: only public, active stations exist here. */
    async publicNowPlaying(stationId: string) {
      const s = await d.stations.findById(stationId);
      if (!s || !s.public || !s.active) throw notFound('station');
      return nowPlaying(stationId);
    },

    async skip(ctx: RequestCtx, stationId: string): Promise<Applied> {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      const applied = await onLeader({ type: 'playout.skip', stationId });
      if (applied === 'not_running') throw unavailable();
      await audit(ctx, stationId, 'playout.skip', stationId);
      return applied;
    },

    /**
     * For live ingest (not an HTTP route): a DJ's source is attached to the engine, claim the
     * air at tier 1 (override) or 2 (scheduled show). Returns the priority id to release.
     */
    async claimLive(
      stationId: string,
      tier: 1 | 2,
      userId: string | null,
      label: string,
    ): Promise<string> {
      const id = randomUUID();
      await d.repo.insertSource({
        id,
        station_id: stationId,
        tier,
        kind: 'live',
        media_id: null,
        label,
        created_by: userId,
        activated_at: d.clock.now().toISOString(),
      });
      // The claim is stored either way: should the engine not answer now, the director's next
      // round puts the source on air, so the caller always gets the id it must release. On a
      // follower the leader runs the ladder at once, so the show is named without a heartbeat.
      await onLeader({ type: 'priority.apply', stationId }).catch(() => undefined);
      return id;
    },

    /**
     * Describes the live show in now-playing while its source holds the air. Returns false
     * when nothing changed or the source is not (yet) on air, e.g. under an emergency.
     */
    async liveOnAir(
      stationId: string,
      sourceId: string,
      show: { itemId: string; title: string; startedAt: string },
    ): Promise<boolean> {
      const row = await d.repo.executor(stationId);
      if (row?.source_id !== sourceId || (row.tier !== 1 && row.tier !== 2)) return false;
      if (row.item_id === show.itemId && row.title === show.title) return false;
      await d.repo.saveExecutor(
        stationId,
        {
          item_id: show.itemId,
          media_id: null,
          title: show.title,
          started_at: show.startedAt,
          ends_at: null,
        },
        d.clock.now().toISOString(),
      );
      return true;
    },

    async releaseLive(id: string): Promise<void> {
      const row = await d.repo.findSource(id);
      if (!row) return;
      const now = d.clock.now().toISOString();
      await d.repo.releaseSource(id, now);
      // Until automation's next item starts, now-playing must not keep naming the DJ.
      await d.repo.clearItem(row.station_id, { source_id: id }, now);
      await onLeader({ type: 'priority.apply', stationId: row.station_id });
    },

    /**
     * Asks the leader's director to pick up stations created or started since its last pass, at
     * once rather than within its 10 s round (a DJ connecting to a station made a moment ago).
     */
    async wakeDirector(): Promise<void> {
      await onLeader({ type: 'director.reconcile' });
    },

    /** Stop silences the station until start; the director leaves it alone meanwhile. */
    async setEnabled(ctx: RequestCtx, stationId: string, enabled: boolean) {
      await d.access.requireStation(ctx.principal, stationId, 'manager');
      // Silenced before the row says stopped: the director's reconcile then only lets go of a
      // station the engine no longer plays.
      if (!enabled) await onLeader({ type: 'playout.stop', stationId });
      await d.repo.saveExecutor(stationId, { enabled }, d.clock.now().toISOString());
      await audit(ctx, stationId, enabled ? 'playout.start' : 'playout.stop', stationId);
      await onLeader({ type: 'director.reconcile' });
      const row = await executor(stationId);
      return { station_id: stationId, enabled, state: row?.state ?? 'idle' };
    },
  };
}
export type PlayoutService = ReturnType<typeof createPlayoutService>;
