import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateShowRequest, StationPageQuery, UpdateShowRequest } from '@grimnir/contracts';
import { badRequest, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import { showToPlan } from '../planner/programme-loader.js';
import type { StationAccess } from '../../stations/index.js';
import type { StationsRepository } from '../../stations/index.js';
import type { ScheduleRepository } from './schedule.repository.js';
import type { ScheduleService } from './schedule.service.js';
import type { ShowWrite, ShowsRepository } from './shows.repository.js';
import { pageOf, sliced } from './page.js';
import { checkRrule, checkSource } from './source-check.js';
import { splitShow, SplitError } from './show-split.js';

interface Deps {
  shows: ShowsRepository;
  schedule: ScheduleRepository;
  scheduleService: ScheduleService;
  stations: StationsRepository;
  access: StationAccess;
  clock: Clock;
}

const iso = (s: string) => new Date(Date.parse(s)).toISOString();
type ShowPatch = z.output<typeof UpdateShowRequest>;

function merge(cur: ShowWrite, p: ShowPatch): ShowWrite {
  return {
    ...cur,
    ...(p.name !== undefined && { name: p.name }),
    ...(p.host !== undefined && { host: p.host }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.starts_at !== undefined && { starts_at: iso(p.starts_at) }),
    ...(p.duration_ms !== undefined && { duration_ms: p.duration_ms }),
    ...(p.rrule !== undefined && { rrule: p.rrule }),
    ...(p.exdates !== undefined && { exdates: p.exdates.map(iso) }),
    ...(p.source !== undefined && { source: p.source }),
    ...(p.priority !== undefined && { priority: p.priority }),
    ...(p.exceptions !== undefined && {
      exceptions: p.exceptions.map((x) => ({
        original_starts_at: iso(x.original_starts_at),
        cancelled: x.cancelled,
        starts_at: x.starts_at == null ? null : iso(x.starts_at),
        duration_ms: x.duration_ms ?? null,
      })),
    }),
  };
}

/** Shows are calendar objects (host, RRULE, exceptions); one with a source also takes air time. */
export function createShowsService(d: Deps) {
  async function get(ctx: RequestCtx, id: string, need: 'viewer' | 'manager' = 'viewer') {
    const s = await d.shows.findById(id);
    if (!s) throw notFound('show');
    await d.access.requireStation(ctx.principal, s.station_id, need);
    return s;
  }

  async function save(ctx: RequestCtx, show: ShowWrite, isNew: boolean) {
    await d.access.requireStation(ctx.principal, show.station_id, 'manager');
    const station = await d.stations.findById(show.station_id);
    if (!station) throw notFound('station');
    await checkRrule(show.rrule, show.starts_at, station.timezone);
    await d.schedule.transaction(async (tx) => {
      if (show.source !== null) {
        await checkSource(tx, station.id, show.source);
        const plan = showToPlan(show, station.timezone);
        if (plan) await d.scheduleService.assertNoOverlap(station.id, station.timezone, plan, tx);
      }
      const now = d.clock.now().toISOString();
      if (isNew) await d.shows.insert(show, now, tx);
      else await d.shows.update(show, now, tx);
    });
    return get(ctx, show.id);
  }

  return {
    get,
    async list(ctx: RequestCtx, q: z.output<typeof StationPageQuery>) {
      await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
      const page = pageOf(q.limit, q.cursor);
      return sliced(await d.shows.pageByStation(q.station_id, page), page.limit);
    },
    create(ctx: RequestCtx, b: z.output<typeof CreateShowRequest>) {
      const base: ShowWrite = {
        id: randomUUID(),
        station_id: b.station_id,
        name: b.name,
        host: null,
        description: '',
        starts_at: iso(b.starts_at),
        duration_ms: b.duration_ms,
        rrule: null,
        exdates: [],
        source: null,
        priority: 0,
        exceptions: [],
      };
      return save(ctx, merge(base, b), true);
    },
    async update(ctx: RequestCtx, id: string, p: ShowPatch) {
      const cur = await get(ctx, id, 'manager');
      if (p.duration_ms !== undefined && p.duration_ms <= 0)
        throw badRequest('duration_ms must be positive');
      return save(ctx, merge(cur, p), false);
    },
    /** "This and following": the series ends before `at`, a new one starts there changed. */
    async split(ctx: RequestCtx, id: string, at: string, p: ShowPatch) {
      const cur = await get(ctx, id, 'manager');
      const station = await d.stations.findById(cur.station_id);
      if (!station) throw notFound('station');
      let halves: ReturnType<typeof splitShow>;
      try {
        halves = splitShow(cur, Date.parse(at), station.timezone, randomUUID());
      } catch (err) {
        if (err instanceof SplitError) throw badRequest(err.message);
        throw err;
      }
      const retimed = p.starts_at !== undefined || p.rrule !== undefined;
      // Exceptions name occurrences by their original start: a re-timed series has none of them.
      const tail = merge({ ...halves.tail, ...(retimed && { exceptions: [] }) }, p);
      await checkRrule(halves.head.rrule, halves.head.starts_at, station.timezone);
      await checkRrule(tail.rrule, tail.starts_at, station.timezone);
      await d.schedule.transaction(async (tx) => {
        const now = d.clock.now().toISOString();
        await d.shows.update(halves.head, now, tx);
        if (tail.source !== null) {
          await checkSource(tx, station.id, tail.source);
          const plan = showToPlan(tail, station.timezone);
          if (plan) await d.scheduleService.assertNoOverlap(station.id, station.timezone, plan, tx);
        }
        await d.shows.insert(tail, now, tx);
      });
      return get(ctx, tail.id);
    },
    async remove(ctx: RequestCtx, id: string) {
      await get(ctx, id, 'manager');
      await d.shows.delete(id);
    },
  };
}
export type ShowsService = ReturnType<typeof createShowsService>;
