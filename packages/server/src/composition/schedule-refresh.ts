import { AppError } from '../errors.js';
import type { LeaderCommands } from '../infra/leader-commands.js';
import type { Leadership } from '../infra/leadership.js';
import type { RefreshResult, SchedulerService, StationRef } from '../modules/programming/index.js';
import type { StationsRepository } from '../modules/stations/index.js';

/** What the schedule service calls: the result, or `accepted` when no leader answered. */
export type PlanRefresher = {
  refresh(station: StationRef): Promise<RefreshResult | 'accepted'>;
};

/**
 * Plan writes are leader work: a refresh asked of a follower is carried out by the leader's
 * scheduler at once (over the leader commands) and answered with its counts, as on the leader.
 * Registers the leader's side of the command on every replica (only the leader runs it).
 */
export function refreshOnTheLeader(d: {
  scheduler: SchedulerService;
  leadership: Pick<Leadership, 'isLeader'>;
  commands: LeaderCommands;
  stations: Pick<StationsRepository, 'findById'>;
}): PlanRefresher & { stop: () => void } {
  const stop = d.commands.handle('schedule.refresh', async ({ stationId }) => {
    const s = await d.stations.findById(stationId);
    if (!s) return { status: 'not_running' };
    const r = await d.scheduler.refresh({ id: s.id, timezone: s.timezone });
    const { inserted, removed, items, horizon } = r;
    return { status: 'done', data: { inserted, removed, items, horizon } };
  });
  return {
    stop,
    async refresh(station) {
      if (d.leadership.isLeader()) return d.scheduler.refresh(station);
      const out = await d.commands.send({ type: 'schedule.refresh', stationId: station.id });
      switch (out.status) {
        case 'accepted':
          return 'accepted';
        case 'done':
          return fromSummary(station.id, out.data ?? {});
        case 'not_running':
          throw new AppError(409, 'not_running', 'the leader does not run this station');
        case 'failed':
          throw new AppError(503, out.code, out.message);
      }
    },
  };
}

function fromSummary(stationId: string, data: Record<string, string | number | boolean>) {
  const n = (k: string) => (typeof data[k] === 'number' ? data[k] : 0);
  return {
    stationId,
    inserted: n('inserted'),
    removed: n('removed'),
    items: n('items'),
    horizon: typeof data.horizon === 'string' ? data.horizon : '',
    skipped: false,
  };
}
