import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import type {
  CreateScheduleEntryRequest,
  FallbackSource,
  ScheduleItemsQuery,
  ScheduleQuery,
  StationPageQuery,
  UpdateScheduleEntryRequest,
} from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import { badRequest, conflict, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import { titlesOf } from '../planner/library-titles.js';
import { entryToPlan, showToPlan } from '../planner/programme-loader.js';
import type { PlanEntry } from '../core/plan-types.js';
import type { RefreshResult, StationRef } from '../scheduler/scheduler.service.js';
import type { StationAccess } from '../../stations/index.js';
import type { StationsRepository } from '../../stations/index.js';
import { findConflicts, findGaps, type Span } from '../core/conflicts.js';
import {
  OccurrenceCache,
  overlapsWith,
  overlapWindow,
  reportedOverlaps,
  type EntryOverlap,
} from '../core/entry-conflicts.js';
import type { ScheduleEntryRecord, ScheduleRepository } from './schedule.repository.js';
import { toScheduleItem } from '../core/schedule-view.js';
import type { ShowsRepository } from './shows.repository.js';
import { pageOf, sliced } from './page.js';
import { calendarDays, calendarOccurrences } from './calendar.js';
import { checkRrule, checkSource, expanding, lockStation } from './source-check.js';

interface Deps {
  db: Db;
  schedule: ScheduleRepository;
  shows: ShowsRepository;
  stations: StationsRepository;
  /** The leader's scheduler: here, or over the leader commands from a follower. */
  scheduler: { refresh(station: StationRef): Promise<RefreshResult | 'accepted'> };
  access: StationAccess;
  clock: Clock;
}

type Tx = Parameters<Parameters<ScheduleRepository['transaction']>[0]>[0];
const DEFAULT_SPAN_MS = 48 * 3_600_000;
const MAX_SPAN_MS = 31 * 86_400_000;
const YIELD_AFTER_MS = 10;
const iso = (ms: number) => new Date(ms).toISOString();

function conflictPayload(overlaps: readonly EntryOverlap[]) {
  return overlaps.map((o) => ({ ids: o.ids, starts_at: iso(o.startMs), ends_at: iso(o.endMs) }));
}

/** Hands the event loop back once every YIELD_AFTER_MS of work between calls. */
function pauser(): () => Promise<void> {
  let slice = performance.now();
  return async () => {
    if (performance.now() - slice < YIELD_AFTER_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    slice = performance.now();
  };
}

export function createScheduleService(d: Deps) {
  const occurrences = new OccurrenceCache();
  async function station(ctx: RequestCtx, id: string, need: 'viewer' | 'dj' | 'manager') {
    await d.access.requireStation(ctx.principal, id, need);
    const s = await d.stations.findById(id);
    if (!s) throw notFound('station');
    return s;
  }

  /** Entries and sourced shows of the station, as the planner sees them. */
  async function programme(stationId: string, tz: string, tx: Tx): Promise<PlanEntry[]> {
    const entries = (await d.schedule.listEntries(stationId, tx)).map((e) => entryToPlan(e, tz));
    const shows = (await d.shows.listByStation(stationId, tx)).map((s) => showToPlan(s, tz));
    return [...entries, ...shows.filter((s): s is PlanEntry => s !== undefined)];
  }

  /** Inside the caller's transaction: 409 with the conflicts list if `candidate` overlaps anything. */
  async function assertNoOverlap(
    stationId: string,
    tz: string,
    candidate: PlanEntry,
    tx: Tx,
  ): Promise<void> {
    await lockStation(tx, stationId);
    const overlaps = await overlapsOf(candidate, await programme(stationId, tz, tx));
    if (overlaps.length > 0) {
      throw conflict('schedule_conflict', `overlaps ${overlaps.length} scheduled occurrence(s)`, {
        conflicts: conflictPayload(overlaps),
      });
    }
  }

  /**
   * The candidate's year against every other entry, one entry at a time from the occurrence
   * cache, handing the event loop back every few milliseconds so a large station's check never
   * stalls streams and other requests.
   */
  async function overlapsOf(candidate: PlanEntry, others: readonly PlanEntry[]) {
    const pause = pauser();
    const window = overlapWindow(candidate, d.clock.now().getTime());
    const mine = await expanding(candidate.id, () => occurrences.spansOf(candidate, window, pause));
    const last = mine[mine.length - 1];
    if (mine[0] === undefined || last === undefined) return [];
    const hull = { startMs: mine[0].startMs, endMs: Math.max(...mine.map((m) => m.endMs)) };
    const found: EntryOverlap[] = [];
    for (const other of others) {
      if (other.id === candidate.id) continue;
      const theirs = await expanding(other.id, () => occurrences.spansOf(other, hull, pause));
      found.push(...overlapsWith(candidate.id, mine, other.id, theirs));
    }
    return reportedOverlaps(found);
  }

  function window(q: z.output<typeof ScheduleQuery>) {
    const startMs = q.start === undefined ? d.clock.now().getTime() : Date.parse(q.start);
    const endMs = q.end === undefined ? startMs + DEFAULT_SPAN_MS : Date.parse(q.end);
    if (endMs <= startMs || endMs - startMs > MAX_SPAN_MS)
      throw badRequest('end must be after start and at most 31 days later');
    return { startMs, endMs };
  }

  async function saveEntry(
    ctx: RequestCtx,
    e: Omit<ScheduleEntryRecord, 'created_at' | 'updated_at'>,
    isNew: boolean,
  ) {
    const s = await station(ctx, e.station_id, 'manager');
    if (Date.parse(e.ends_at) <= Date.parse(e.starts_at))
      throw badRequest('ends_at must be after starts_at');
    await checkRrule(e.rrule, e.starts_at, s.timezone);
    await d.schedule.transaction(async (tx) => {
      await checkSource(tx, s.id, e.source);
      await assertNoOverlap(s.id, s.timezone, entryToPlan(e, s.timezone), tx);
      const now = d.clock.now().toISOString();
      if (isNew) await d.schedule.insertEntry(e, now, tx);
      else await d.schedule.updateEntry(e, now, tx);
    });
    const saved = await d.schedule.findEntry(e.id);
    if (!saved) throw notFound('schedule entry');
    return saved;
  }

  async function getEntry(ctx: RequestCtx, id: string, need: 'viewer' | 'manager') {
    const e = await d.schedule.findEntry(id);
    if (!e) throw notFound('schedule entry');
    await d.access.requireStation(ctx.principal, e.station_id, need);
    return e;
  }

  return {
    assertNoOverlap,
    getEntry,
    async listEntries(ctx: RequestCtx, q: z.output<typeof StationPageQuery>) {
      await station(ctx, q.station_id, 'viewer');
      const page = pageOf(q.limit, q.cursor);
      return sliced(await d.schedule.pageEntries(q.station_id, page), page.limit);
    },
    createEntry(ctx: RequestCtx, b: z.output<typeof CreateScheduleEntryRequest>) {
      const { station_id, starts_at, ends_at, source } = b;
      const e = {
        id: randomUUID(),
        station_id,
        starts_at: iso(Date.parse(starts_at)),
        ends_at: iso(Date.parse(ends_at)),
        rrule: b.rrule ?? null,
        exdates: b.exdates ?? [],
        source,
        priority: b.priority ?? 0,
      };
      return saveEntry(ctx, e, true);
    },
    async updateEntry(ctx: RequestCtx, id: string, p: z.output<typeof UpdateScheduleEntryRequest>) {
      const cur = await getEntry(ctx, id, 'manager');
      const starts = p.starts_at === undefined ? cur.starts_at : iso(Date.parse(p.starts_at));
      const ends = p.ends_at === undefined ? cur.ends_at : iso(Date.parse(p.ends_at));
      const next = {
        ...cur,
        starts_at: starts,
        ends_at: ends,
        rrule: p.rrule === undefined ? cur.rrule : p.rrule,
        exdates: p.exdates ?? cur.exdates,
        source: p.source ?? cur.source,
        priority: p.priority ?? cur.priority,
      };
      return saveEntry(ctx, next, false);
    },
    async deleteEntry(ctx: RequestCtx, id: string) {
      await getEntry(ctx, id, 'manager');
      await d.schedule.deleteEntry(id);
    },
    async items(ctx: RequestCtx, q: z.output<typeof ScheduleItemsQuery>) {
      const s = await station(ctx, q.station_id, 'viewer');
      const w = window(q);
      const page = pageOf(q.limit, q.cursor);
      const rows = await d.schedule.pageItems(s.id, iso(w.startMs), iso(w.endMs), page);
      // Each row is formatted once (the cursor reads the API row); the one row past the page
      // only says whether another page follows.
      const titles = await titlesOf(
        d.db,
        rows.flatMap((i) => (i.mediaId === null ? [] : [i.mediaId])),
      );
      return sliced(
        rows.map((i) => toScheduleItem(s.id, i, titles)),
        page.limit,
      );
    },
    async refresh(ctx: RequestCtx, stationId: string) {
      const s = await station(ctx, stationId, 'dj');
      const r = await d.scheduler.refresh({ id: s.id, timezone: s.timezone });
      if (r === 'accepted') return r;
      return {
        station_id: s.id,
        inserted: r.inserted,
        removed: r.removed,
        items: r.items,
        horizon: r.horizon,
      };
    },
    async validate(ctx: RequestCtx, q: z.output<typeof ScheduleQuery>) {
      const s = await station(ctx, q.station_id, 'viewer');
      const w = window(q);
      const items = await d.schedule.listItems(s.id, iso(w.startMs), iso(w.endMs));
      const entries = await d.schedule.transaction((tx) => programme(s.id, s.timezone, tx));
      const gaps = findGaps(items, w).map((g) => ({
        starts_at: iso(g.startMs),
        ends_at: iso(g.endMs),
      }));
      const overlaps = findConflicts(items).map((c) => ({
        ids: [c.a.id, c.b.id],
        starts_at: iso(c.startMs),
        ends_at: iso(c.endMs),
      }));
      const pause = pauser();
      const spans: (Span & { id: string })[] = [];
      for (const e of entries) {
        const mine = await expanding(e.id, () => occurrences.spansOf(e, w, pause));
        spans.push(...mine.map((m) => ({ ...m, id: e.id })));
      }
      const entryConflicts = findConflicts(spans).map((c) => ({
        ids: [c.a.id, c.b.id],
        starts_at: iso(c.startMs),
        ends_at: iso(c.endMs),
      }));
      const ok = gaps.length === 0 && overlaps.length === 0 && entryConflicts.length === 0;
      return {
        station_id: s.id,
        start: iso(w.startMs),
        end: iso(w.endMs),
        ok,
        gaps,
        overlaps,
        entry_conflicts: entryConflicts,
      };
    },
    /** Show and entry occurrences and the real length of each local day, for the calendar. */
    async calendar(ctx: RequestCtx, q: z.output<typeof ScheduleQuery>) {
      const s = await station(ctx, q.station_id, 'viewer');
      const w = window(q);
      const entries = await d.schedule.listEntries(s.id);
      const shows = await d.shows.listByStation(s.id);
      const occurrences = await expanding(s.id, () =>
        calendarOccurrences(entries, shows, s.timezone, w),
      );
      return {
        station_id: s.id,
        timezone: s.timezone,
        start: iso(w.startMs),
        end: iso(w.endMs),
        days: calendarDays(s.timezone, w),
        occurrences,
      };
    },
    async getFallback(ctx: RequestCtx, stationId: string) {
      await station(ctx, stationId, 'viewer');
      return { station_id: stationId, source: await d.schedule.getFallback(stationId) };
    },
    async putFallback(ctx: RequestCtx, stationId: string, source: FallbackSource | null) {
      await station(ctx, stationId, 'manager');
      if (source !== null) await d.schedule.transaction((tx) => checkSource(tx, stationId, source));
      await d.schedule.putFallback(stationId, source, d.clock.now().toISOString());
      return { station_id: stationId, source };
    },
  };
}
export type ScheduleService = ReturnType<typeof createScheduleService>;
