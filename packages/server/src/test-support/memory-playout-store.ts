import type {
  ExecutorPatch,
  ExecutorRow,
  HistoryRow,
  MediaForPlayout,
  PrioritySourceRow,
  QueueRow,
} from '../modules/playout/playout.repository.js';
import { NO_ITEM, clearMatch } from '../modules/playout/playout.repository.js';
import type { DirectorStore } from '../modules/playout/ports.js';

/** DirectorStore in memory, for unit tests of the director. */
export function memoryPlayoutStore() {
  const executors = new Map<string, ExecutorRow>();
  const sources: PrioritySourceRow[] = [];
  const queue: QueueRow[] = [];
  const history: HistoryRow[] = [];
  const media = new Map<string, MediaForPlayout>();
  const playCounts = new Map<string, number>();
  const decoderFailures = new Map<string, number>();

  const store: DirectorStore = {
    executor: (id) => Promise.resolve(executors.get(id)),
    saveExecutor(id, patch: ExecutorPatch, now) {
      const prev: ExecutorRow = executors.get(id) ?? {
        station_id: id,
        state: 'idle',
        enabled: true,
        tier: null,
        source_id: null,
        ...NO_ITEM,
        updated_at: now,
        off_air_reason: null,
        off_air_since: null,
      };
      executors.set(id, { ...prev, ...patch, updated_at: now });
      return Promise.resolve();
    },
    clearItem(id, match, now) {
      const row = executors.get(id);
      const [column, value] = clearMatch(match);
      if (row && row[column] === value) executors.set(id, { ...row, ...NO_ITEM, updated_at: now });
      return Promise.resolve();
    },
    recordDecoderFailure(mediaId, _error, threshold) {
      const m = media.get(mediaId);
      if (!m) return Promise.resolve(undefined);
      const failures = (decoderFailures.get(mediaId) ?? 0) + 1;
      decoderFailures.set(mediaId, failures);
      if (failures >= threshold) media.set(mediaId, { ...m, failed: true });
      return Promise.resolve({ failures, failed: failures >= threshold || m.failed });
    },
    activeSources: (id) =>
      Promise.resolve(sources.filter((s) => s.station_id === id && s.released_at === null)),
    releaseSource(id, now) {
      const s = sources.find((x) => x.id === id && x.released_at === null);
      if (s) s.released_at = now;
      return Promise.resolve(s !== undefined);
    },
    queue: (id) => Promise.resolve(queue.filter((q) => q.station_id === id)),
    dequeue(id) {
      const i = queue.findIndex((q) => q.id === id);
      if (i >= 0) queue.splice(i, 1);
      return Promise.resolve(i >= 0);
    },
    startPlay(h) {
      history.push({ ...h, ended_at: null });
      if (h.media_id) playCounts.set(h.media_id, (playCounts.get(h.media_id) ?? 0) + 1);
      return Promise.resolve();
    },
    endPlay(stationId, itemId, endedAt) {
      for (const h of history)
        if (h.station_id === stationId && h.item_id === itemId && h.ended_at === null)
          h.ended_at = endedAt;
      return Promise.resolve();
    },
    endOpenPlays(stationId, endedAt) {
      for (const h of history)
        if (h.station_id === stationId && h.ended_at === null) h.ended_at = endedAt;
      return Promise.resolve();
    },
    media: (id) => Promise.resolve(media.get(id)),
    fallbackMedia: (stationId, limit) =>
      Promise.resolve(
        [...media.values()]
          .filter((m) => m.station_id === stationId && m.active && !m.failed)
          .slice(0, limit),
      ),
  };
  return { store, executors, sources, queue, history, media, playCounts };
}

export function testMedia(
  stationId: string,
  id: string,
  over: Partial<MediaForPlayout> = {},
): MediaForPlayout {
  return {
    id,
    station_id: stationId,
    title: `Track ${id}`,
    artist: null,
    album: null,
    storage_path: `${stationId}/${id}.mp3`,
    duration_ms: 180_000,
    cue_in_ms: 0,
    cue_out_ms: null,
    fade_in_ms: null,
    fade_out_ms: null,
    loudness_lufs: -14,
    active: true,
    failed: false,
    ...over,
  };
}
