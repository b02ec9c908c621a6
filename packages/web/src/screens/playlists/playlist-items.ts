// Pure helpers of the playlist editor: the API replaces an item list whole, so every edit
// (reorder, add, remove, override) is a new list of inputs computed here.

interface ItemLike {
  media_id: string;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
}

export interface ItemInput {
  media_id: string;
  cue_in_ms?: number;
  cue_out_ms?: number;
  fade_in_ms?: number;
  fade_out_ms?: number;
}

export const OVERRIDE_FIELDS = ['cue_in_ms', 'cue_out_ms', 'fade_in_ms', 'fade_out_ms'] as const;
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];

/** The request body of one item: only the overrides it has. */
export function toInput(i: ItemLike): ItemInput {
  const out: ItemInput = { media_id: i.media_id };
  for (const f of OVERRIDE_FIELDS) {
    const v = i[f];
    if (v !== null) out[f] = v;
  }
  return out;
}

/**
 * Row keys that survive a save: the API gives every item a new id each time the list is
 * replaced, so keys by id would remount every row after a reorder (closing an item's open cue
 * form). A track's media id and its occurrence number stay put instead.
 */
export function withStableKeys<T extends { id: string; media_id: string }>(
  items: readonly T[],
): T[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = seen.get(item.media_id) ?? 0;
    seen.set(item.media_id, n + 1);
    return { ...item, id: `${item.media_id}#${n}` };
  });
}

/** The list with the item at `from` moved to `to`. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [item] = out.splice(from, 1) as [T];
  out.splice(to, 0, item);
  return out;
}

/** Seconds as typed ("", "12", "12.5") → ms, or null for empty; undefined when not a number. */
export function secondsToMs(text: string): number | null | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}

export function msToSeconds(ms: number | null): string {
  return ms === null ? '' : String(Math.round(ms / 100) / 10);
}

export type Overrides = Record<OverrideField, number | null>;

/**
 * What is wrong with an item's overrides (the API's rules, said before the request), or null.
 * Cues must lie inside the track and in order; fades are at most 60 s (the API's limit).
 */
export function overridesProblem(o: Overrides, durationMs: number | null): string | null {
  const { cue_in_ms: cin, cue_out_ms: cout, fade_in_ms: fin, fade_out_ms: fout } = o;
  if (cout !== null && cout <= 0) return 'Cue out must be after the start.';
  if (cin !== null && cout !== null && cout <= cin) return 'Cue out must be after cue in.';
  if (durationMs !== null) {
    if (cin !== null && cin >= durationMs) return 'Cue in must be before the end of the track.';
    if (cout !== null && cout > durationMs) return 'Cue out is past the end of the track.';
  }
  if ((fin ?? 0) > 60_000 || (fout ?? 0) > 60_000) return 'Fades are at most 60 seconds.';
  return null;
}

/** "Artist – Title", or the title alone. */
export function trackLabel(t: { title: string | null; artist: string | null }): string {
  const title = t.title ?? 'Missing track';
  return t.artist ? `${t.artist} – ${title}` : title;
}
