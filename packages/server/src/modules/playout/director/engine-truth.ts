import type { FastifyBaseLogger as Logger } from 'fastify';
import { parseItemId } from '../engine/engine-items.js';
import type { OffAirReason } from '../playout.repository.js';
import type { DirectorStore, EngineEventView, EngineStatusView } from '../ports.js';
import type { PlayoutMetrics } from './playout.metrics.js';

/** A file whose decoder the engine gave up on this many times is fenced until re-analysed. */
const DECODER_FAILURES_TO_FENCE = 3;
/** Starts of the same item closer than this are one start (an event and a status read). */
const SAME_START_MS = 3_000;

/** The start the director last wrote to play history and the executor row. */
export interface RecordedStart {
  itemId: string;
  atMs: number;
}

type Started = Extract<EngineEventView, { type: 'track_started' }>;

/**
 * What the engine plays that play history does not say yet: an item it started on its own while
 * the control plane was away (restart, no leader, database down) or whose `track_started` was
 * lost. The start is placed `positionMs` before now. Pure.
 */
export function unrecordedStart(
  status: EngineStatusView,
  recorded: RecordedStart | undefined,
  nowMs: number,
): Started | undefined {
  // Emergency and live are the priority switch's: their items are not in the status.
  if (status.state !== 'playing' || status.currentItemId === null) return undefined;
  const ref = parseItemId(status.currentItemId);
  if (!ref || ref.kind === 'e') return undefined;
  // The same item as recorded is the same play: a status read cannot tell a resumed item (after
  // an emergency) from a repeat, and a repeat (one fallback item) starts with an event anyway.
  if (recorded?.itemId === status.currentItemId) return undefined;
  const atMs = nowMs - status.positionMs;
  return {
    type: 'track_started',
    itemId: status.currentItemId,
    source: ref.kind === 'f' ? 'fallback' : 'automation',
    atMs,
    ...(status.currentTitle !== undefined && { title: status.currentTitle }),
  };
}

/** An item's `track_started` that was already recorded (from the status read, or twice). */
export function sameStart(
  recorded: RecordedStart | undefined,
  itemId: string,
  atMs: number,
): boolean {
  return recorded?.itemId === itemId && Math.abs(recorded.atMs - atMs) < SAME_START_MS;
}

/**
 * Whether listeners hear the station, as the director last wrote it (executor row, metric,
 * log): once per change, never once per round.
 */
export class OffAir {
  private written: OffAirReason | null | undefined;
  private sinceMs: number | undefined;

  constructor(
    private readonly d: {
      stationId: string;
      store: Pick<DirectorStore, 'saveExecutor'>;
      metrics: PlayoutMetrics;
      log: Logger;
    },
  ) {}

  get reason(): OffAirReason | null | undefined {
    return this.written;
  }

  /** Adopts what a previous director wrote, so a restart does not log a change. */
  adopt(reason: OffAirReason | null): void {
    this.written = reason;
    this.d.metrics.setOnAir(this.d.stationId, reason === null);
  }

  async set(reason: OffAirReason | null, nowMs: number): Promise<boolean> {
    if (reason === this.written) return false;
    const at = new Date(nowMs).toISOString();
    await this.d.store.saveExecutor(
      this.d.stationId,
      reason === null
        ? { off_air_reason: null, off_air_since: null }
        : { off_air_reason: reason, off_air_since: at },
      at,
    );
    const was = this.written;
    this.written = reason;
    this.d.metrics.setOnAir(this.d.stationId, reason === null);
    if (reason !== null) {
      this.sinceMs = nowMs;
      this.d.log.error({ station_id: this.d.stationId, reason }, 'station off air');
    } else if (was !== undefined && was !== null) {
      const offMs = this.sinceMs === undefined ? undefined : nowMs - this.sinceMs;
      this.d.log.info(
        { station_id: this.d.stationId, was, off_air_seconds: offMs && offMs / 1000 },
        'station back on air',
      );
    }
    return true;
  }
}

type Failed = Extract<EngineEventView, { type: 'decoder_failed' }>;

/** Counts a decoder failure on the file's media row; fences the file after repeated ones. */
export async function recordDecoderFailure(
  d: { stationId: string; store: Pick<DirectorStore, 'recordDecoderFailure'>; log: Logger },
  ev: Failed,
): Promise<void> {
  const mediaId = parseItemId(ev.itemId)?.mediaId;
  const fields = {
    station_id: d.stationId,
    item_id: ev.itemId,
    media_id: mediaId,
    path: ev.path,
    reason: ev.reason,
    detail: ev.detail,
  };
  if (mediaId === undefined) {
    d.log.error(fields, 'engine could not decode an item');
    return;
  }
  const r = await d.store.recordDecoderFailure(
    mediaId,
    `${ev.reason}: ${ev.detail}`,
    DECODER_FAILURES_TO_FENCE,
    new Date(ev.atMs).toISOString(),
  );
  d.log.error({ ...fields, failures: r?.failures }, 'engine could not decode a media file');
  if (r?.failed && r.failures === DECODER_FAILURES_TO_FENCE)
    d.log.warn(
      { ...fields, failures: r.failures },
      'media file fenced: out of rotation until it is analysed again',
    );
}
