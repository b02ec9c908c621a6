import type { PlaylistItemInput } from '@grimnir/contracts';
import { badRequest } from '../../../errors.js';
import type { RequestCtx } from '../../../plugins/route-helpers.js';
import {
  baseName,
  detectFormat,
  matchEntries,
  parsePlaylist,
  renderM3u,
  renderPls,
  type ExportTrack,
  type PlaylistFormat,
} from './playlist-formats.js';
import type { PlaylistRecord, PlaylistsRepository } from './playlists.repository.js';

interface Deps {
  playlists: PlaylistsRepository;
  service: {
    get(ctx: RequestCtx, id: string, need?: 'viewer' | 'dj'): Promise<PlaylistRecord>;
    replace(
      ctx: RequestCtx,
      id: string,
      items: readonly PlaylistItemInput[],
    ): Promise<PlaylistRecord>;
  };
}

/** A playlist holds at most this many items (ReplacePlaylistItemsRequest's limit). */
const MAX_ITEMS = 5000;
const MIME: Record<PlaylistFormat, string> = { m3u: 'audio/x-mpegurl', pls: 'audio/x-scpls' };

/** What plays of an item: its cues (the item's own, else the whole file). */
function playedMs(
  durationMs: number | null,
  cueInMs: number | null,
  cueOutMs: number | null,
): number | null {
  if (durationMs === null) return null;
  const end = Math.min(cueOutMs ?? durationMs, durationMs);
  return Math.max(0, end - (cueInMs ?? 0));
}

const toInput = (i: PlaylistRecord['items'][number]): PlaylistItemInput => ({
  media_id: i.media_id,
  ...(i.cue_in_ms !== null && { cue_in_ms: i.cue_in_ms }),
  ...(i.cue_out_ms !== null && { cue_out_ms: i.cue_out_ms }),
  ...(i.fade_in_ms !== null && { fade_in_ms: i.fade_in_ms }),
  ...(i.fade_out_ms !== null && { fade_out_ms: i.fade_out_ms }),
});

/** A name safe in Content-Disposition and on any file system. */
function fileName(name: string, format: PlaylistFormat): string {
  const safe = name.replace(/[^\w .-]+/g, '_').trim() || 'playlist';
  return `${safe.slice(0, 100)}.${format}`;
}

/**
 * Playlists as the tracks they hold (tags, lengths, the total), and as .m3u/.pls files: export
 * names each track by its uploaded file name; import matches each entry to a library track by
 * that file name or by artist and title, and reports every entry that matched nothing.
 */
export function createPlaylistFiles(d: Deps) {
  async function tracks(ctx: RequestCtx, id: string) {
    const p = await d.service.get(ctx, id);
    const info = await d.playlists.mediaInfo(
      p.station_id,
      p.items.map((i) => i.media_id),
    );
    let total = 0;
    let unknown = 0;
    const items = p.items.map((i) => {
      const m = info.get(i.media_id);
      const played = playedMs(m?.duration_ms ?? null, i.cue_in_ms, i.cue_out_ms);
      if (played === null) unknown++;
      else total += played;
      return {
        ...i,
        title: m?.title ?? null,
        artist: m?.artist ?? null,
        album: m?.album ?? null,
        duration_ms: m?.duration_ms ?? null,
        played_ms: played,
      };
    });
    return { playlist_id: p.id, total_ms: total, unknown_length_items: unknown, items };
  }

  return {
    tracks,
    async exportFile(ctx: RequestCtx, id: string, format: PlaylistFormat) {
      const p = await d.service.get(ctx, id);
      const info = await d.playlists.mediaInfo(
        p.station_id,
        p.items.map((i) => i.media_id),
      );
      const list: ExportTrack[] = p.items.flatMap((i) => {
        const m = info.get(i.media_id);
        return m
          ? [
              {
                title: m.title,
                artist: m.artist,
                duration_ms: playedMs(m.duration_ms, i.cue_in_ms, i.cue_out_ms),
                filename: m.filename,
              },
            ]
          : [];
      });
      return {
        filename: fileName(p.name, format),
        mime: MIME[format],
        content: format === 'pls' ? renderPls(list) : renderM3u(list),
      };
    },
    async importFile(
      ctx: RequestCtx,
      id: string,
      body: { content: string; format?: PlaylistFormat | undefined; replace: boolean },
    ) {
      const p = await d.service.get(ctx, id, 'dj');
      const format = body.format ?? detectFormat(body.content);
      const entries = parsePlaylist(body.content, format);
      if (entries.length === 0)
        throw badRequest(`the file holds no ${format === 'pls' ? '.pls' : '.m3u'} entries`);
      const candidates = await d.playlists.matchCandidates(
        p.station_id,
        entries.map((e) => baseName(e.location).toLowerCase()),
        entries.flatMap((e) => (e.title === null ? [] : [e.title.toLowerCase()])),
      );
      const outcome = matchEntries(entries, candidates);
      const added: PlaylistItemInput[] = outcome.matched.map((m) => ({ media_id: m.media_id }));
      const items = body.replace ? added : [...p.items.map(toInput), ...added];
      if (items.length > MAX_ITEMS)
        throw badRequest(`a playlist holds at most ${MAX_ITEMS} items`, {
          items: items.length,
        });
      const playlist =
        outcome.matched.length > 0 || body.replace ? await d.service.replace(ctx, id, items) : p;
      return {
        playlist,
        format,
        entries: entries.length,
        matched: outcome.matched.length,
        matched_by_path: outcome.matched.filter((m) => m.by === 'path').length,
        matched_by_tags: outcome.matched.filter((m) => m.by === 'tags').length,
        unmatched: outcome.unmatched,
      };
    },
  };
}
