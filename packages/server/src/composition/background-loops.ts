import { createAnalysisQueue, createAnalysisRepository } from '../modules/analysis/index.js';
import { startEngineOutputBridge } from '../modules/listeners/index.js';
import type { Realtime, RootDeps } from './root-deps.js';
import { mediaAnnouncer, type Services } from './services.js';

/** Loops that need the engine client: analysis (leader only) and the engine output bridge. */
export function backgroundLoops(d: RootDeps, services: Services, realtime: Realtime) {
  const client = d.runtime.engine.client;
  let stopFeeds: (() => void) | undefined;
  const announce = mediaAnnouncer(d.runtime.events, d.runtime.clock);
  const analysis =
    client &&
    createAnalysisQueue({
      analysed: (stationId, mediaId) => announce(stationId, 'analysed', [mediaId]),
      repo: createAnalysisRepository(d.database.db),
      engine: client,
      mediaRoot: d.config.mediaRoot,
      clock: d.runtime.clock,
      disk: services.disk,
      log: d.log,
      isLeader: () => d.runtime.leadership.isLeader(),
      // Two at a time keep both cores of a small host busy on an import (~2,700 four-minute
      // tracks an hour with one); the engine runs analysis children niced below playout.
      concurrency: 2,
    });
  return {
    async start() {
      if (!client || !analysis) return;
      // Analysis items wait in `pending` while the engine is down or restarting.
      await analysis.start();
      const feeds = startEngineOutputBridge({
        engine: client,
        stations: services.repositories.stations,
        mounts: services.repositories.mounts,
        broadcasts: realtime.broadcasts,
        events: realtime.events,
        log: d.log,
        ...(d.tuning.outputPollMs !== undefined && { intervalMs: d.tuning.outputPollMs }),
      });
      stopFeeds = () => feeds.stop();
    },
    async stop() {
      stopFeeds?.();
      await analysis?.stop();
    },
  };
}
