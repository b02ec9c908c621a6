import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  AddPlaylistItemRequest,
  CreatePlaylistRequest,
  PlaylistItemInput,
  UpdatePlaylistRequest,
} from '@grimnir/contracts';
import { badRequest, notFound } from '../../../errors.js';
import type { Clock } from '../../../infra/clock.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import type { StationAccess } from '../../stations/index.js';
import { createPlaylistFiles } from './playlist-files.service.js';
import type { PlaylistRecord, PlaylistsRepository } from './playlists.repository.js';

interface Deps {
  playlists: PlaylistsRepository;
  access: StationAccess;
  clock: Clock;
}

function toInput(i: PlaylistRecord['items'][number]): PlaylistItemInput {
  return {
    media_id: i.media_id,
    ...(i.cue_in_ms !== null && { cue_in_ms: i.cue_in_ms }),
    ...(i.cue_out_ms !== null && { cue_out_ms: i.cue_out_ms }),
    ...(i.fade_in_ms !== null && { fade_in_ms: i.fade_in_ms }),
    ...(i.fade_out_ms !== null && { fade_out_ms: i.fade_out_ms }),
  };
}

/** Playlists are edited by DJs too; cue and fade overrides travel with each item to playout. */
export function createPlaylistsService(d: Deps) {
  async function get(ctx: RequestCtx, id: string, need: 'viewer' | 'dj' = 'viewer') {
    const p = await d.playlists.findById(id);
    if (!p) throw notFound('playlist');
    await d.access.requireStation(ctx.principal, p.station_id, need);
    return p;
  }

  async function checkItems(stationId: string, items: readonly PlaylistItemInput[]) {
    const known = await d.playlists.existingMedia(
      stationId,
      items.map((i) => i.media_id),
    );
    const unknown = items.filter((i) => !known.has(i.media_id)).map((i) => i.media_id);
    if (unknown.length > 0)
      throw badRequest('playlist items must be media of this station', { unknown_media: unknown });
    for (const [n, i] of items.entries()) {
      if (i.cue_in_ms !== undefined && i.cue_out_ms !== undefined && i.cue_out_ms <= i.cue_in_ms) {
        throw badRequest(`item ${n}: cue_out_ms must be after cue_in_ms`);
      }
    }
  }

  async function replace(ctx: RequestCtx, id: string, items: readonly PlaylistItemInput[]) {
    const p = await get(ctx, id, 'dj');
    await checkItems(p.station_id, items);
    await d.playlists.transaction((tx) =>
      d.playlists.replaceItems(id, items, d.clock.now().toISOString(), tx),
    );
    return get(ctx, id);
  }

  return {
    get,
    replace,
    /** .m3u/.pls import and export, and the items with their tracks' tags and lengths. */
    files: createPlaylistFiles({ playlists: d.playlists, service: { get, replace } }),
    async list(ctx: RequestCtx, stationId: string) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      return d.playlists.listByStation(stationId);
    },
    async create(ctx: RequestCtx, body: z.output<typeof CreatePlaylistRequest>) {
      await d.access.requireStation(ctx.principal, body.station_id, 'dj');
      await checkItems(body.station_id, body.items);
      const id = randomUUID();
      const now = d.clock.now().toISOString();
      await d.playlists.transaction(async (tx) => {
        await d.playlists.insert(
          {
            id,
            station_id: body.station_id,
            name: body.name,
            description: body.description,
            mode: body.mode,
          },
          now,
          tx,
        );
        await d.playlists.replaceItems(id, body.items, now, tx);
      });
      return get(ctx, id);
    },
    async update(ctx: RequestCtx, id: string, patch: z.output<typeof UpdatePlaylistRequest>) {
      await get(ctx, id, 'dj');
      await d.playlists.update(id, patch, d.clock.now().toISOString());
      return get(ctx, id);
    },
    async remove(ctx: RequestCtx, id: string) {
      await get(ctx, id, 'dj');
      await d.playlists.delete(id);
    },
    async addItem(ctx: RequestCtx, id: string, body: z.output<typeof AddPlaylistItemRequest>) {
      const p = await get(ctx, id, 'dj');
      const { position, ...item } = body;
      const items = p.items.map(toInput);
      items.splice(Math.min(position ?? items.length, items.length), 0, item);
      return replace(ctx, id, items);
    },
    async removeItem(ctx: RequestCtx, id: string, itemId: string) {
      const p = await get(ctx, id, 'dj');
      if (!p.items.some((i) => i.id === itemId)) throw notFound('playlist item');
      return replace(ctx, id, p.items.filter((i) => i.id !== itemId).map(toInput));
    },
  };
}
export type PlaylistsService = ReturnType<typeof createPlaylistsService>;
