import { setImmediate as yieldTurn } from 'node:timers/promises';
import type {
  BreakdownReport,
  ListenerReport,
  RoyaltyReport,
  TrackPlaysReport,
} from '@grimnir/contracts';
import { badRequest, notFound } from '../../errors.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { StationAccess, StationsRepository } from '../stations/index.js';
import { toCsv } from './csv.js';
import { createListenerStats, type PlayWindow } from './listener-stats.js';
import type { PlayRecord, ReportsRepository } from './reports.repository.js';
import { royaltyCsv, royaltyRows, soundExchangeText } from './royalties.js';

interface RangeQuery {
  station_id: string;
  from: string;
  to: string;
  step_minutes?: number | undefined;
}

/** A CSV (or SoundExchange text) answer: the route sends it as a download. */
export interface FileAnswer {
  file: { name: string; contentType: string; body: string };
}

const MINUTE = 60_000;
const NICE_STEPS = [5, 15, 30, 60, 180, 360, 720, 1440, 10_080];
const MAX_POINTS = 2000;
const HOUR_MS = 3_600_000;

/** About 100 points whatever the range: 5 minutes for a day, hours for a week, days beyond. */
function defaultStep(rangeMs: number): number {
  return NICE_STEPS.find((s) => rangeMs / (s * MINUTE) <= 200) ?? 10_080;
}

const day = (iso: string) => iso.slice(0, 10);

export function createReportsService(d: {
  repo: ReportsRepository;
  stations: Pick<StationsRepository, 'findById'>;
  access: Pick<StationAccess, 'requireStation'>;
  now: () => number;
}) {
  async function compute(q: RangeQuery) {
    const fromMs = Date.parse(q.from);
    const toMs = Date.parse(q.to);
    const stepMinutes = q.step_minutes ?? defaultStep(toMs - fromMs);
    if ((toMs - fromMs) / (stepMinutes * MINUTE) > MAX_POINTS)
      throw badRequest(`at most ${MAX_POINTS} points: choose a larger step_minutes`);
    const nowMs = d.now();
    const plays = await d.repo.plays(
      q.station_id,
      new Date(fromMs).toISOString(),
      new Date(toMs).toISOString(),
    );
    const windows: PlayWindow[] = plays.map((p) => ({
      startMs: Date.parse(p.started_at),
      endMs: p.ended_at === null ? Math.min(nowMs, toMs) : Date.parse(p.ended_at),
    }));
    const stats = createListenerStats(
      { fromMs, toMs, stepMs: stepMinutes * MINUTE, nowMs },
      windows,
    );
    for await (const page of d.repo.sessions(q.station_id, fromMs, toMs)) {
      for (const s of page) stats.add(s);
      // A page at a time: a quarter of a busy station's sessions must not hold the event loop.
      await yieldTurn();
    }
    return { stepMinutes, plays, result: stats.result() };
  }

  async function guard(ctx: RequestCtx, stationId: string) {
    await d.access.requireStation(ctx.principal, stationId, 'manager');
    const station = await d.stations.findById(stationId);
    if (!station) throw notFound('station');
    return station;
  }

  const fileName = (slug: string, what: string, q: RangeQuery, ext = 'csv') =>
    `${slug}-${what}-${day(q.from)}-${day(q.to)}.${ext}`;

  return {
    async listeners(
      ctx: RequestCtx,
      q: RangeQuery & { format: 'json' | 'csv' },
    ): Promise<ListenerReport | FileAnswer> {
      const station = await guard(ctx, q.station_id);
      const { stepMinutes, result } = await compute(q);
      const current = await d.repo.openNow(q.station_id);
      if (q.format === 'csv')
        return {
          file: {
            name: fileName(station.slug, 'listeners', q),
            contentType: 'text/csv; charset=utf-8',
            body: toCsv(
              ['at', 'average', 'peak', 'unique'],
              result.series.map((p) => [p.at, p.average, p.peak, p.unique]),
            ),
          },
        } satisfies FileAnswer;
      return {
        station_id: q.station_id,
        from: new Date(q.from).toISOString(),
        to: new Date(q.to).toISOString(),
        step_minutes: stepMinutes,
        current,
        totals: result.totals,
        series: result.series,
      };
    },

    async breakdown(
      ctx: RequestCtx,
      q: RangeQuery & { format: 'json' | 'csv'; by: 'mount' | 'client' | 'country' },
    ): Promise<BreakdownReport | FileAnswer> {
      const station = await guard(ctx, q.station_id);
      const { result } = await compute(q);
      const rows = result[`by_${q.by}`];
      if (q.format === 'csv')
        return {
          file: {
            name: fileName(station.slug, `by-${q.by}`, q),
            contentType: 'text/csv; charset=utf-8',
            body: toCsv(
              [q.by, 'sessions', 'unique', 'listening_hours'],
              rows.map((r) => [r.key, r.sessions, r.unique, r.listening_hours]),
            ),
          },
        } satisfies FileAnswer;
      return { by: q.by, rows };
    },

    async tracks(
      ctx: RequestCtx,
      q: RangeQuery & { format: 'json' | 'csv' },
    ): Promise<TrackPlaysReport | FileAnswer> {
      const station = await guard(ctx, q.station_id);
      const { plays, result } = await compute(q);
      const items = plays.map((p: PlayRecord, i) => ({
        id: p.id,
        media_id: p.media_id,
        title: p.title,
        artist: p.artist,
        started_at: new Date(p.started_at).toISOString(),
        ended_at: p.ended_at === null ? null : new Date(p.ended_at).toISOString(),
        source: p.source,
        listeners: result.plays[i]?.listeners ?? 0,
        tuning_hours: Math.round(((result.plays[i]?.tuning_ms ?? 0) / HOUR_MS) * 1000) / 1000,
      }));
      if (q.format === 'csv')
        return {
          file: {
            name: fileName(station.slug, 'plays', q),
            contentType: 'text/csv; charset=utf-8',
            body: toCsv(
              ['started_at', 'ended_at', 'artist', 'title', 'source', 'listeners', 'tuning_hours'],
              items.map((p) => [
                p.started_at,
                p.ended_at,
                p.artist,
                p.title,
                p.source,
                p.listeners,
                p.tuning_hours,
              ]),
            ),
          },
        } satisfies FileAnswer;
      return { items };
    },

    async royalties(
      ctx: RequestCtx,
      q: RangeQuery & { format: 'json' | 'csv' | 'soundexchange'; category: string },
    ): Promise<RoyaltyReport | FileAnswer> {
      const station = await guard(ctx, q.station_id);
      const { plays, result } = await compute(q);
      const rows = royaltyRows(
        plays.map((p, i) => ({
          mediaId: p.media_id,
          title: p.title,
          artist: p.artist,
          album: p.album,
          isrc: p.isrc,
          label: p.label,
          listeners: result.plays[i]?.listeners ?? 0,
          tuningMs: result.plays[i]?.tuning_ms ?? 0,
        })),
      );
      if (q.format === 'soundexchange')
        return {
          file: {
            name: fileName(station.slug, 'soundexchange', q, 'txt'),
            contentType: 'text/plain; charset=utf-8',
            body: soundExchangeText(station.name, q.category, rows),
          },
        } satisfies FileAnswer;
      if (q.format === 'csv')
        return {
          file: {
            name: fileName(station.slug, 'royalties', q),
            contentType: 'text/csv; charset=utf-8',
            body: royaltyCsv(rows),
          },
        } satisfies FileAnswer;
      return { items: rows };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
