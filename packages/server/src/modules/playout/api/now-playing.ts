import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import type { NowPlaying } from '@grimnir/contracts';
import type { Clock } from '../../../infra/clock.js';
import { mediaTitle } from '../engine/engine-items.js';
import type { PlayoutRepository } from '../playout.repository.js';
import type { EngineControl, UpcomingItems } from '../ports.js';
import { TIER_NAMES, type Tier } from '../priority/priority-resolver.js';
import { engineOnAir, type EngineOnAir } from './engine-on-air.js';

type NowPlayingView = z.output<typeof NowPlaying>;
type Current = NonNullable<NowPlayingView['current']>;

interface Deps {
  repo: PlayoutRepository;
  clock: Clock;
  upcoming: UpcomingItems;
  engine: Pick<EngineControl, 'status'>;
  /** True while no replica can lead (the lease store is down): the stored view stands still. */
  leaderless: () => boolean;
  /** How long one engine status answers now-playing reads of a station (default 500 ms). */
  engineStatusTtlMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How long a now-playing read waits for the engine before the stored view answers. */
const ENGINE_WAIT_MS = 300;

/** How long the director may take to record a start before the engine's word replaces it. */
const RECORD_GRACE_MS = 1_000;

/** What the engine said it played, and when it was asked (the station's clock). */
interface EngineReport {
  atMs: number;
  onAir: EngineOnAir | null | undefined;
}

/**
 * Which item now-playing names: the stored one, unless the engine reports another one on air.
 * The row is what the director recorded; it can lag the audio whenever the director could not
 * record (a database or Redis outage, a restarting or failing-over leader) while the engine
 * played on through its loaded items. Off air, stopped and idle stay the row's word: an engine
 * deck that plays silence or a station an operator stopped is not named as playing. Only an
 * engine item that started after the recorded one replaces it.
 */
export function engineCorrection(
  stored: Current | null,
  report: EngineReport | undefined,
): EngineOnAir | undefined {
  const engine = report?.onAir;
  if (stored === null || !report || !engine || engine.itemId === stored.item_id) return undefined;
  if (stored.started_at !== null) {
    const storedMs = Date.parse(stored.started_at);
    // A record newer than the report, or than the engine's item: the record knows better (a
    // change after the report was taken, or the automation deck under a released layer).
    if (storedMs >= report.atMs || storedMs >= engine.startedAtMs) return undefined;
  }
  // The director records a start within milliseconds; only a record that lags for longer than
  // the grace is corrected (the engine's start is derived from its position, the record's is
  // the heard instant, so a read in between would give one play two start times).
  return report.atMs - engine.startedAtMs >= RECORD_GRACE_MS ? engine : undefined;
}

/**
 * What now-playing names while the station is on air but its row names nothing: between a
 * released live show or emergency and automation's next recorded start. The engine's automation
 * deck under the released layer plays on at once (the soak heard it for about a second while
 * now-playing named nothing), so the engine's word is named then; nothing when it cannot tell.
 */
export function engineBetweenItems(
  onAirWithoutItem: boolean,
  report: EngineReport | undefined,
): EngineOnAir | undefined {
  return onAirWithoutItem ? (report?.onAir ?? undefined) : undefined;
}

/**
 * Now playing as a listener hears it: the director's record, checked against the engine's own
 * status (shared by concurrent reads for a moment, so polling players cost the engine little).
 */
export function createNowPlaying(d: Deps) {
  const ttlMs = d.engineStatusTtlMs ?? 500;
  // Kept by monotonic time: a test's manual clock must not keep a report forever.
  const reports = new Map<
    string,
    { takenAt: number; askedAtMs: number; report: Promise<EngineReport> }
  >();
  const engine: Pick<EngineControl, 'status'> = {
    // A slow answer counts as none: with the engine hung, reads keep the stored view rather
    // than each waiting for the client's own timeout.
    status: (stationId) =>
      Promise.race([
        d.engine.status(stationId),
        delay(ENGINE_WAIT_MS, undefined, { ref: false }).then(() => {
          throw new Error('engine status: no answer in time');
        }),
      ]),
  };

  /**
   * The engine's report of a station, at most `ttlMs` old (a failed one too), and never older
   * than the row's last change (`rowChangedAt`): a report taken while a live show held the air
   * says nothing of the automation that resumed when it was released.
   */
  function reportOf(stationId: string, rowChangedAt: string | undefined): Promise<EngineReport> {
    const hit = reports.get(stationId);
    const changedMs = rowChangedAt === undefined ? 0 : Date.parse(rowChangedAt);
    if (hit && performance.now() - hit.takenAt < ttlMs && hit.askedAtMs >= changedMs)
      return hit.report;
    const atMs = d.clock.now().getTime();
    const report = engineOnAir(
      { engine, media: (id) => d.repo.media(id), nowMs: atMs },
      stationId,
    ).then((onAir) => ({ atMs, onAir }));
    reports.set(stationId, { takenAt: performance.now(), askedAtMs: atMs, report });
    return report;
  }

  const fromEngine = (e: EngineOnAir): Current => ({
    item_id: e.itemId,
    media_id: e.mediaId,
    title: e.title,
    started_at: iso(e.startedAtMs),
    ends_at: e.endsAtMs === null ? null : iso(e.endsAtMs),
  });

  async function upNext(stationId: string): Promise<NowPlayingView['up_next']> {
    const out: NowPlayingView['up_next'] = [];
    for (const q of await d.repo.queue(stationId)) {
      const m = await d.repo.media(q.media_id);
      out.push({
        media_id: q.media_id,
        title: m ? mediaTitle(m) : '',
        starts_at: null,
        source: 'queue',
      });
    }
    const now = d.clock.now().getTime();
    const items = await d.upcoming.between(stationId, now, now + 6 * 3_600_000);
    for (const it of items.filter((i) => i.startMs > now).slice(0, 3)) {
      const m = it.mediaId ? await d.repo.media(it.mediaId) : undefined;
      out.push({
        media_id: it.mediaId,
        title: m ? mediaTitle(m) : (it.label ?? ''),
        starts_at: new Date(it.startMs).toISOString(),
        source: 'schedule',
      });
    }
    return out;
  }

  /**
   * Without a leader the director is stopped and the executor row stands still while the engine
   * plays on (the soak bench measured now-playing wrong for 38–52 s per Redis outage): what the
   * engine says it plays wins then, including that it plays nothing.
   */
  async function leaderless(stationId: string): Promise<NowPlayingView | undefined> {
    const { onAir } = await reportOf(stationId, undefined);
    if (onAir === undefined) return undefined;
    return {
      station_id: stationId,
      state: onAir ? 'playing' : 'idle',
      on_air: onAir !== null,
      off_air_reason: null,
      tier: onAir?.tier ?? null,
      tier_name: onAir ? TIER_NAMES[onAir.tier] : null,
      current: onAir && fromEngine(onAir),
      up_next: await upNext(stationId),
    };
  }

  return async function nowPlaying(stationId: string): Promise<NowPlayingView> {
    if (d.leaderless()) {
      const view = await leaderless(stationId);
      if (view) return view;
    }
    const row = await d.repo.executor(stationId);
    const state = row?.state ?? 'idle';
    // Off air (engine gone, silence): nothing is named, however recent the last track.
    const offAir = row?.off_air_reason ?? null;
    const onAir = row && offAir === null && row.item_id !== null && state !== 'idle';
    const stored: Current | null = onAir
      ? {
          item_id: row.item_id ?? '',
          media_id: row.media_id,
          title: row.title ?? '',
          started_at: row.started_at,
          ends_at: row.ends_at,
        }
      : null;
    const tier: Tier | null = onAir ? row.tier : null;
    const between = offAir === null && state !== 'idle' && row?.item_id === null;
    const report = stored || between ? await reportOf(stationId, row?.updated_at) : undefined;
    const corrected = engineCorrection(stored, report) ?? engineBetweenItems(between, report);
    const shownTier = corrected?.tier ?? tier;
    return {
      station_id: stationId,
      state,
      on_air: offAir === null && state !== 'idle',
      off_air_reason: offAir,
      tier: shownTier,
      tier_name: shownTier === null ? null : TIER_NAMES[shownTier],
      current: corrected ? fromEngine(corrected) : stored,
      up_next: await upNext(stationId),
    };
  };
}
