import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  ClockSimulateRequest,
  CreateClockRequest,
  UpdateClockRequest,
} from '@grimnir/contracts';
import { badRequest, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import { toScheduleItem } from '../core/schedule-view.js';
import { clockToDef, loadPlanInput } from '../planner/programme-loader.js';
import type { ProgrammeSource } from '../planner/programme-source.js';
import { planStation } from '../planner/planner.js';
import type { StationAccess } from '../../stations/index.js';
import type { StationsRepository } from '../../stations/index.js';
import { clockProblems, compileClockHour, localHours } from '../core/clock-compiler.js';
import type {
  ClockRecord,
  ClockRefTable,
  ClockSlotRecord,
  ClocksRepository,
} from './clocks.repository.js';

type Tx = Parameters<Parameters<ClocksRepository['transaction']>[0]>[0];

interface Deps {
  clocks: ClocksRepository;
  /** The whole station programme, for simulating a clock against the real library. */
  programme: ProgrammeSource;
  stations: StationsRepository;
  access: StationAccess;
  clock: Clock;
}

const HOUR_MS = 3_600_000;
const EVERY_HOUR = [
  { days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) },
];

function check(slots: readonly ClockSlotRecord[]): void {
  const problems = clockProblems(
    slots.map((s) => ({ offsetMs: s.offset_ms, type: s.type, payload: s.payload })),
  );
  if (problems.length > 0) throw badRequest(`invalid clock: ${problems.join('; ')}`, { problems });
}

/** Every id a slot names, by the table it must be found in. */
function refsOf(slots: readonly ClockSlotRecord[]): Map<ClockRefTable, string[]> {
  const refs = new Map<ClockRefTable, string[]>();
  const add = (table: ClockRefTable, id: string | undefined) => {
    if (id !== undefined) refs.set(table, [...(refs.get(table) ?? []), id]);
  };
  for (const { payload: p } of slots) {
    add('smart_blocks', p.smart_block_id);
    add('playlists', p.playlist_id);
    add('media', p.media_id);
    for (const id of p.media_ids ?? []) add('media', id);
    add('webstreams', p.webstream_id);
  }
  return refs;
}

export function createClocksService(d: Deps) {
  const clocks = d.clocks;

  /** 400 unless every medium, smart block, playlist and webstream a slot names is the station's. */
  async function checkRefs(stationId: string, slots: readonly ClockSlotRecord[], tx: Tx) {
    const unknown: { table: ClockRefTable; id: string }[] = [];
    for (const [table, ids] of refsOf(slots)) {
      const known = await clocks.existingRefs(stationId, table, ids, tx);
      for (const id of new Set(ids)) if (!known.has(id)) unknown.push({ table, id });
    }
    if (unknown.length > 0)
      throw badRequest(
        `clock slots must name this station's content: ${unknown.map((u) => `${u.table} ${u.id}`).join(', ')}`,
        { unknown },
      );
  }

  async function get(
    ctx: RequestCtx,
    id: string,
    need: 'viewer' | 'manager' = 'viewer',
  ): Promise<ClockRecord> {
    const c = await clocks.findById(id);
    if (!c) throw notFound('clock');
    await d.access.requireStation(ctx.principal, c.station_id, need);
    return c;
  }
  return {
    get,
    async list(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return clocks.listByStation(stationId);
    },
    async create(ctx: RequestCtx, body: z.output<typeof CreateClockRequest>) {
      await d.access.requireStation(ctx.principal, body.station_id, 'manager');
      check(body.slots);
      const id = randomUUID();
      await clocks.transaction(async (tx) => {
        await checkRefs(body.station_id, body.slots, tx);
        await clocks.insert(
          {
            id,
            station_id: body.station_id,
            name: body.name,
            priority: body.priority,
            hours: body.hours,
          },
          d.clock.now().toISOString(),
          tx,
        );
        await clocks.replaceSlots(id, body.slots, tx);
      });
      return get(ctx, id);
    },
    async update(ctx: RequestCtx, id: string, patch: z.output<typeof UpdateClockRequest>) {
      const cur = await get(ctx, id, 'manager');
      if (patch.slots) check(patch.slots);
      await clocks.transaction(async (tx) => {
        if (patch.slots) await checkRefs(cur.station_id, patch.slots, tx);
        await clocks.update(id, patch, d.clock.now().toISOString(), tx);
        if (patch.slots) await clocks.replaceSlots(id, patch.slots, tx);
      });
      return get(ctx, id);
    },
    async remove(ctx: RequestCtx, id: string) {
      await get(ctx, id, 'manager');
      await clocks.delete(id);
    },
    /** One hour of this clock, fully materialized against the library; nothing is saved. */
    async simulate(ctx: RequestCtx, id: string, body: z.output<typeof ClockSimulateRequest>) {
      const c = await get(ctx, id);
      const station = await d.stations.findById(c.station_id);
      if (!station) throw notFound('station');
      const nowMs = d.clock.now().getTime();
      const at = body.starts_at === undefined ? nowMs + HOUR_MS : Date.parse(body.starts_at);
      const hour = localHours(station.timezone, { startMs: at, endMs: at + 1 })[0];
      if (hour === undefined) throw badRequest('cannot place that hour');
      const base = await loadPlanInput(
        d.programme,
        station,
        hour.startMs,
        hour.endMs - hour.startMs,
      );
      const def = { ...clockToDef(c), hours: EVERY_HOUR };
      const plan = planStation({
        ...base,
        entries: [],
        clocks: [def],
        existing: [],
        history: [],
        window: { startMs: hour.startMs, endMs: hour.endMs - 1 },
        seed: body.seed ?? `${id}:${hour.startMs}`,
      });
      const byId = new Map(base.library.map((t) => [t.id, t]));
      return {
        clock_id: id,
        starts_at: new Date(hour.startMs).toISOString(),
        ends_at: new Date(hour.endMs).toISOString(),
        slots: compileClockHour(def, hour).map((s) => ({
          type: s.type,
          starts_at: new Date(s.startMs).toISOString(),
          ends_at: new Date(s.endMs).toISOString(),
        })),
        items: plan.items
          .filter((i) => i.startMs < hour.endMs)
          .map((i) => toScheduleItem(station.id, i, byId)),
      };
    },
  };
}
export type ClocksService = ReturnType<typeof createClocksService>;
