import { randomUUID } from 'node:crypto';
import { badRequest, conflict, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import type { StationAccess } from '../../stations/index.js';
import { mediaTitle } from '../engine/engine-items.js';
import type { MediaForPlayout, PlayoutRepository } from '../playout.repository.js';
import type { EventPublisher } from '../ports.js';
import { isPermutation } from './queue-order.js';

interface Deps {
  repo: PlayoutRepository;
  access: StationAccess;
  clock: Clock;
  events: EventPublisher;
  audit(
    ctx: RequestCtx,
    stationId: string,
    action: string,
    target: string,
    details?: object,
  ): Promise<void>;
  /** Checks the media may play on the station (active, analysed, its own). */
  stationMedia(stationId: string, mediaId: string): Promise<MediaForPlayout>;
  /** Tells the leader's director to rebuild the engine queue. */
  queueChanged(stationId: string): Promise<unknown>;
}

/** The play-next queue's API: list, add, remove, reorder — each change announced as an event. */
export function createPlayQueueService(d: Deps) {
  async function list(stationId: string) {
    const rows = await d.repo.queue(stationId);
    return Promise.all(
      rows.map(async (q) => {
        const m = await d.repo.media(q.media_id);
        return { ...q, title: m ? mediaTitle(m) : '' };
      }),
    );
  }

  /** Other consoles refetch on this; `ids` lets them check their copy without a request. */
  async function announce(stationId: string, action: 'added' | 'removed' | 'reordered') {
    const ids = (await d.repo.queue(stationId)).map((q) => q.id);
    d.events.publish({
      type: 'queue',
      payload: { station_id: stationId, at: d.clock.now().toISOString(), action, ids },
    });
  }

  return {
    async listQueue(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return list(stationId);
    },

    async enqueue(ctx: RequestCtx, stationId: string, mediaId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      const media = await d.stationMedia(stationId, mediaId);
      const row = {
        id: randomUUID(),
        station_id: stationId,
        media_id: media.id,
        created_by: ctx.principal.userId,
        created_at: d.clock.now().toISOString(),
      };
      await d.repo.enqueue(row);
      await d.audit(ctx, stationId, 'playout.queue_add', row.id, { media_id: media.id });
      await d.queueChanged(stationId);
      await announce(stationId, 'added');
      return { ...row, title: mediaTitle(media) };
    },

    async dequeue(ctx: RequestCtx, id: string): Promise<void> {
      const row = await d.repo.findQueued(id);
      if (!row) throw notFound('queue item');
      await d.access.requireStation(ctx.principal, row.station_id, 'dj');
      await d.repo.dequeue(id);
      await d.audit(ctx, row.station_id, 'playout.queue_remove', id);
      await d.queueChanged(row.station_id);
      await announce(row.station_id, 'removed');
    },

    /** Sets the play order; refused with 409 when the queue changed since `previous` was read. */
    async reorderQueue(ctx: RequestCtx, stationId: string, ids: string[], previous: string[]) {
      await d.access.requireStation(ctx.principal, stationId, 'dj');
      if (!isPermutation(previous, ids))
        throw badRequest('ids must list each item of previous_ids exactly once');
      const decision = await d.repo.reorder(stationId, previous, ids);
      if (decision === 'stale' || decision === 'invalid')
        throw conflict(
          'queue_changed',
          'the queue changed since you loaded it (another operator?); reload it and reorder again',
        );
      if (decision === 'apply') {
        await d.audit(ctx, stationId, 'playout.queue_reorder', stationId, { ids });
        await d.queueChanged(stationId);
        await announce(stationId, 'reordered');
      }
      return list(stationId);
    },
  };
}
