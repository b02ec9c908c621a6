import type { PlayoutEvent } from '../playout/index.js';
import type { LiveSessionRow } from './live.repository.js';

type Show = Pick<LiveSessionRow, 'id' | 'station_id' | 'dj_name' | 'title' | 'tier' | 'started_at'>;

/** What now-playing names a live show: the DJ software's title, else the DJ. */
export const showTitle = (s: Pick<Show, 'title' | 'dj_name'>): string =>
  s.title !== null && s.title !== '' ? s.title : s.dj_name;

/** The executor's item id for a live show (never a schedule or media item). */
export const showItemId = (s: Pick<Show, 'id'>): string => `live:${s.id}`;

/**
 * The `now_playing` event of a live show. The title goes out whole as `title` (DJ software
 * sends "Artist - Title" as one string), so listeners' ICY `StreamTitle` is exactly it.
 */
export function showEvent(s: Show, at: string): Extract<PlayoutEvent, { type: 'now_playing' }> {
  return {
    type: 'now_playing',
    payload: {
      station_id: s.station_id,
      at,
      entry_id: null,
      media_id: null,
      title: showTitle(s),
      artist: '',
      album: '',
      started_at: s.started_at,
      ends_at: null,
      tier: s.tier,
      source_type: 'live',
      up_next: [],
    },
  };
}
