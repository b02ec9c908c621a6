import { TIER_NAME_LIST, type HistoryItem } from '@grimnir/contracts';
import type { StationAccess } from '../stations/index.js';
import type { RequestCtx } from '../../plugins/route-helpers.js';
import type { HistoryRepository, PlayRow } from './history.repository.js';

// One spelling for times in and out: SQLite compares the stored ISO strings as text, so a
// `before` with another offset (or PostgreSQL's own rendering) must be normalised first.
const iso = (t: string): string => new Date(t).toISOString();

function toItem(r: PlayRow, listeners: number): HistoryItem {
  return {
    id: r.id,
    media_id: r.media_id,
    title: r.title,
    artist: r.artist,
    album: r.album,
    started_at: iso(r.started_at),
    ended_at: r.ended_at === null ? null : iso(r.ended_at),
    tier: r.tier,
    tier_name: TIER_NAME_LIST[r.tier] ?? 'automation',
    source: r.source,
    listeners,
  };
}

export function createHistoryService(d: {
  plays: HistoryRepository;
  access: Pick<StationAccess, 'requireStation'>;
  now: () => number;
}) {
  return {
    async page(
      ctx: RequestCtx,
      stationId: string,
      q: { before?: string | undefined; after?: string | undefined; limit: number },
    ) {
      await d.access.requireStation(ctx.principal, stationId, 'viewer');
      const rows = await d.plays.plays(stationId, {
        ...(q.before !== undefined && { before: iso(q.before) }),
        ...(q.after !== undefined && { after: iso(q.after) }),
        // One more than asked tells whether an older page exists.
        limit: q.limit + 1,
      });
      const forward = q.after !== undefined && q.before === undefined;
      const more = rows.length > q.limit;
      const shown = rows.slice(0, q.limit);
      const listeners = await d.plays.listenersDuring(
        stationId,
        shown.map((r) => ({
          id: r.id,
          startMs: Date.parse(r.started_at),
          endMs: r.ended_at === null ? d.now() : Date.parse(r.ended_at),
        })),
      );
      const page = shown.map((r) => toItem(r, listeners.get(r.id) ?? 0));
      // Always newest first in the answer, whichever way it was read.
      if (forward) page.reverse();
      const oldest = page.at(-1);
      return {
        items: page,
        next_before: !forward && more && oldest ? oldest.started_at : null,
      };
    },
  };
}
export type HistoryService = ReturnType<typeof createHistoryService>;
