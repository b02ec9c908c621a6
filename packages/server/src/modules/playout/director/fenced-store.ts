import type { Fence } from '../../../infra/fencing.js';
import type { PlayoutRepository } from '../playout.repository.js';
import type { DirectorStore } from '../ports.js';

/**
 * The director's store with every write behind the leader fence: a director that kept running
 * on a replica which lost the lease (a long pause) cannot write play history or executor rows
 * over the new leader's. Reads go straight to the repository.
 */
export function fencedDirectorStore(repo: PlayoutRepository, fence: Fence): DirectorStore {
  return {
    executor: (stationId) => repo.executor(stationId),
    activeSources: (stationId) => repo.activeSources(stationId),
    queue: (stationId) => repo.queue(stationId),
    media: (id) => repo.media(id),
    fallbackMedia: (stationId, limit) => repo.fallbackMedia(stationId, limit),
    saveExecutor: (stationId, patch, now) =>
      fence.run((tx) => repo.saveExecutor(stationId, patch, now, tx)),
    clearItem: (stationId, match, now) =>
      fence.run((tx) => repo.clearItem(stationId, match, now, tx)),
    releaseSource: (id, now) => fence.run((tx) => repo.releaseSource(id, now, tx)),
    dequeue: (id) => fence.run((tx) => repo.dequeue(id, tx)),
    startPlay: (h) => fence.run((tx) => repo.startPlay(h, tx)),
    endPlay: (stationId, itemId, endedAt) =>
      fence.run((tx) => repo.endPlay(stationId, itemId, endedAt, tx)),
    recordDecoderFailure: (mediaId, error, threshold, now) =>
      fence.run((tx) => repo.recordDecoderFailure(mediaId, error, threshold, now, tx)),
    endOpenPlays: (stationId, endedAt) =>
      fence.run((tx) => repo.endOpenPlays(stationId, endedAt, tx)),
  };
}
