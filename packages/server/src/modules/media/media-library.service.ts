import type {
  Media,
  MediaBulkPatch,
  MediaDuplicatesQuery,
  MediaDuplicatesResponse,
  MediaFacetQuery,
  MediaFacetResponse,
  MediaListQuery,
  MediaListResponse,
} from '@grimnir/contracts';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { badRequest, notFound } from '../../errors.js';
import type { Clock } from '../../infra/clock.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { AuditLog } from '../audit/index.js';
import type { StationAccess } from '../stations/index.js';
import { decodeCursor, encodeCursor } from './media-cursor.js';
import type { DuplicateKey } from './media-list.repository.js';
import { toWire } from './media-store.js';
import type { MediaRepository, MediaUpdate } from './media.repository.js';
import type { AnnounceMedia } from './media-changes.js';

/**
 * The library as the console browses it: the filtered, sorted list, the duplicates view, filter
 * values, and one change applied to many items. Reads need the viewer role on the station,
 * bulk edits the dj role (as single edits do).
 */

interface LibraryDeps {
  readonly db: Db;
  readonly repo: MediaRepository;
  readonly access: StationAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly announce: AnnounceMedia;
}

const utc = (v: string | undefined) => (v === undefined ? undefined : new Date(v).toISOString());

const DupCursor = z.tuple([z.string().max(600), z.string().max(600), z.number().int()]);

function decodeDupCursor(raw: string): DuplicateKey {
  try {
    const [title, artist, seconds] = DupCursor.parse(
      JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')),
    );
    return { title, artist, seconds };
  } catch {
    throw badRequest('invalid cursor');
  }
}

const encodeDupCursor = (k: DuplicateKey) =>
  Buffer.from(JSON.stringify([k.title, k.artist, k.seconds]), 'utf8').toString('base64url');

/** Tags after a bulk edit: removals first, then additions not already present, order kept. */
function editTags(current: string[], add: string[] = [], remove: string[] = []): string[] {
  const out = current.filter((t) => !remove.includes(t));
  for (const t of add) if (!out.includes(t)) out.push(t);
  return out;
}

export function createLibraryOperations(d: LibraryDeps) {
  return {
    async list(ctx: RequestCtx, q: MediaListQuery): Promise<MediaListResponse> {
      await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
      const desc =
        q.order === undefined ? q.sort === 'added' || q.sort === 'last_played' : q.order === 'desc';
      const rows = await d.repo.list({
        stationId: q.station_id.toLowerCase(),
        q: q.q,
        artist: q.artist,
        album: q.album,
        genre: q.genre,
        tag: q.tag,
        analysisState: q.analysis_state,
        addedFrom: utc(q.added_from),
        addedTo: utc(q.added_to),
        playedFrom: utc(q.played_from),
        playedTo: utc(q.played_to),
        sort: q.sort,
        desc,
        limit: q.limit + 1,
        after: q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort, desc),
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const more = rows.length > q.limit && last !== undefined;
      return {
        items: page.map((r) => toWire(r.record)),
        next_cursor: more
          ? encodeCursor({ sort: q.sort, desc, key: last.sortKey, id: last.record.id })
          : null,
      };
    },

    async duplicates(ctx: RequestCtx, q: MediaDuplicatesQuery): Promise<MediaDuplicatesResponse> {
      await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
      const stationId = q.station_id.toLowerCase();
      const after = q.cursor === undefined ? undefined : decodeDupCursor(q.cursor);
      const keys = await d.repo.duplicateKeys(stationId, q.limit + 1, after);
      const page = keys.slice(0, q.limit);
      const members = await d.repo.duplicateMembers(stationId, page);
      const id = (k: DuplicateKey) => JSON.stringify([k.title, k.artist, k.seconds]);
      const byKey = new Map(page.map((k) => [id(k), [] as Media[]]));
      for (const m of members) byKey.get(id(m.dup))?.push(toWire(m));
      const last = page.at(-1);
      return {
        groups: page.map((k) => {
          const items = byKey.get(id(k)) ?? [];
          const first = items[0];
          return {
            title: first?.title ?? k.title,
            artist: first?.artist ?? null,
            duration_s: k.seconds < 0 ? null : k.seconds,
            items,
          };
        }),
        next_cursor: keys.length > q.limit && last ? encodeDupCursor(last) : null,
      };
    },

    async facet(ctx: RequestCtx, q: MediaFacetQuery): Promise<MediaFacetResponse> {
      await d.access.requireStation(ctx.principal, q.station_id, 'viewer');
      const values = await d.repo.facet(q.station_id.toLowerCase(), q.field, q.prefix, q.limit);
      return { values };
    },

    /** All or nothing: every id must be an item of the station, or nothing changes. */
    async bulkUpdate(ctx: RequestCtx, b: MediaBulkPatch): Promise<Media[]> {
      await d.access.requireStation(ctx.principal, b.station_id, 'dj');
      const stationId = b.station_id.toLowerCase();
      const ids = [...new Set(b.ids.map((i) => i.toLowerCase()))];
      const now = d.clock.now().toISOString();
      const fields = [
        ...Object.keys(b.set ?? {}),
        ...(b.add_tags || b.remove_tags ? ['tags'] : []),
      ];
      const updated = await d.db.transaction().execute(async (tx) => {
        const current = await d.repo.findMany(ids, tx);
        const missing = ids.filter(
          (i) => !current.some((m) => m.id === i && m.station_id === stationId),
        );
        if (missing.length > 0)
          throw notFound(`media ${missing.slice(0, 5).join(', ')} in this station`);
        const out = [];
        for (const m of current) {
          const change: MediaUpdate = { ...b.set };
          if (b.add_tags || b.remove_tags)
            change.tags = editTags(m.tags, b.add_tags, b.remove_tags);
          const row = await d.repo.update(m.id, change, now, tx);
          if (!row) throw notFound('media');
          out.push(row);
        }
        await d.audit.record(
          {
            userId: ctx.principal.userId,
            stationId,
            action: 'media.bulk_update',
            targetType: 'media',
            targetId: null,
            details: { ids, fields, add_tags: b.add_tags ?? [], remove_tags: b.remove_tags ?? [] },
            requestId: ctx.requestId,
            ip: ctx.ip,
          },
          tx,
        );
        return out;
      });
      d.announce(stationId, 'updated', ids);
      return updated.map(toWire);
    },
  };
}
