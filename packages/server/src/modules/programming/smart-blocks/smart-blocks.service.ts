import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  CreateSmartBlockRequest,
  SmartBlockPreviewRequest,
  UpdateSmartBlockRequest,
} from '@grimnir/contracts';
import { notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import type { ScheduleRepository } from '../schedule/schedule.repository.js';
import type { LibraryRepository } from '../planner/library.repository.js';
import { historyFrom } from '../planner/programme-loader.js';
import type { StationAccess } from '../../stations/index.js';
import { runPreparedBlock } from '../core/smart-block-engine.js';
import { prepareSmartBlockSteps } from '../core/prepare.js';
import { runSliced } from '../../../infra/slices.js';
import type { SmartBlockRecord, SmartBlocksRepository } from './smart-blocks.repository.js';

interface Deps {
  blocks: SmartBlocksRepository;
  library: LibraryRepository;
  schedule: ScheduleRepository;
  access: StationAccess;
  clock: Clock;
}

const HISTORY_MS = 7 * 86_400_000;

export function createSmartBlocksService(d: Deps) {
  async function get(ctx: RequestCtx, id: string, need: 'viewer' | 'manager' = 'viewer') {
    const block = await d.blocks.findById(id);
    if (!block) throw notFound('smart block');
    await d.access.requireStation(ctx.principal, block.station_id, need);
    return block;
  }

  return {
    get,
    async list(ctx: RequestCtx, stationId: string): Promise<SmartBlockRecord[]> {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return d.blocks.listByStation(stationId);
    },
    async create(ctx: RequestCtx, body: z.output<typeof CreateSmartBlockRequest>) {
      await d.access.requireStation(ctx.principal, body.station_id, 'manager');
      const id = randomUUID();
      await d.blocks.transaction((tx) =>
        d.blocks.insert({ id, ...body }, d.clock.now().toISOString(), tx),
      );
      return get(ctx, id);
    },
    async update(ctx: RequestCtx, id: string, patch: z.output<typeof UpdateSmartBlockRequest>) {
      const current = await get(ctx, id, 'manager');
      await d.blocks.transaction((tx) =>
        d.blocks.update(current, patch, d.clock.now().toISOString(), tx),
      );
      return get(ctx, id);
    },
    async remove(ctx: RequestCtx, id: string): Promise<void> {
      await get(ctx, id, 'manager');
      await d.blocks.delete(id);
    },
    /** Runs the block against the station's library and what recently aired; writes nothing. */
    async preview(ctx: RequestCtx, id: string, body: z.output<typeof SmartBlockPreviewRequest>) {
      const block = await get(ctx, id);
      const nowMs = d.clock.now().getTime();
      const startMs = body.starts_at === undefined ? nowMs : Date.parse(body.starts_at);
      const library = await d.library.tracks(block.station_id);
      const aired = await d.schedule.itemsFrom(
        block.station_id,
        new Date(startMs - HISTORY_MS).toISOString(),
      );
      const seed = String(body.seed ?? `${id}:${startMs}`);
      // Filtering and indexing a big library is prepared in slices (the event loop is shared
      // with listener streams); running the block over one window is short.
      const prepared = await runSliced(prepareSmartBlockSteps(library, block.rules, startMs));
      const history = historyFrom(
        aired.filter((i) => i.startMs < startMs),
        library,
      );
      const window = { startMs, endMs: startMs + body.duration_ms };
      const result = runPreparedBlock(prepared, history, window, seed);
      return {
        seed,
        target_ms: result.targetMs,
        total_ms: result.totalMs,
        shortfall_ms: result.shortfallMs,
        items: result.items.map((i) => ({
          media_id: i.track.id,
          title: i.track.title,
          artist: i.track.artist,
          starts_at: new Date(i.startMs).toISOString(),
          duration_ms: i.durationMs,
          kind: i.kind,
          reason: i.reason.summary,
          matched: i.reason.matched,
          relaxed: i.reason.relaxed,
        })),
        relaxations: result.relaxations.map((r) => ({
          constraint: r.constraint,
          item_index: r.itemIndex,
          detail: r.detail,
        })),
      };
    },
  };
}
export type SmartBlocksService = ReturnType<typeof createSmartBlocksService>;
