import type { Db } from '../../../db/database.js';
import type { Track } from '../core/track.js';

/** Title and artist of just the media a schedule page shows (not the whole library). */
export async function titlesOf(db: Db, ids: readonly string[]): Promise<Map<string, Track>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, Track>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('media')
      .select(['id', 'title', 'artist', 'duration_ms'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        title: r.title,
        artist: r.artist ?? '',
        durationMs: r.duration_ms ?? 0,
      });
  }
  return out;
}
