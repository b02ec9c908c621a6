// The library's state lives in the URL (view, search, sort, filters, open item), so any view
// an operator sees can be linked and survives a reload. Pure: parsed and turned into the
// API's query here, tested without a browser.

export const LIBRARY_VIEWS = ['all', 'duplicates', 'failed'] as const;
export type LibraryView = (typeof LIBRARY_VIEWS)[number];

// Mirrors MEDIA_SORTS / MEDIA_ANALYSIS_STATES in @grimnir/contracts without importing zod into
// the page bundle; the typed client refuses a value the API does not know.
export const SORTS = [
  'added',
  'title',
  'artist',
  'album',
  'genre',
  'duration',
  'last_played',
] as const;
export type Sort = (typeof SORTS)[number];
export const ANALYSIS_STATES = ['pending', 'running', 'complete', 'failed'] as const;
export type AnalysisState = (typeof ANALYSIS_STATES)[number];
export type Order = 'asc' | 'desc';

export interface LibrarySearch {
  view?: LibraryView;
  q?: string;
  sort?: Sort;
  order?: Order;
  artist?: string;
  album?: string;
  genre?: string;
  tag?: string;
  state?: AnalysisState;
  /** Calendar days (YYYY-MM-DD) in the viewer's time zone, both inclusive. */
  from?: string;
  to?: string;
  /** The item open in the editor. */
  item?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined;
const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max ? v : undefined;
const day = (v: unknown): string | undefined =>
  typeof v === 'string' && DAY.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;

/** Keeps what is valid of a URL's search params and drops the rest (a hand-edited link). */
export function parseLibrarySearch(s: Record<string, unknown>): LibrarySearch {
  const out: LibrarySearch = {
    view: oneOf(LIBRARY_VIEWS, s.view),
    q: str(s.q, 200),
    sort: oneOf(SORTS, s.sort),
    order: oneOf(['asc', 'desc'] as const, s.order),
    artist: str(s.artist, 500),
    album: str(s.album, 500),
    genre: str(s.genre, 500),
    tag: str(s.tag, 64),
    state: oneOf(ANALYSIS_STATES, s.state),
    from: day(s.from),
    to: day(s.to),
    item: str(s.item, 64),
  };
  for (const k of Object.keys(out) as (keyof LibrarySearch)[])
    if (out[k] === undefined) delete out[k];
  return out;
}

/** Local midnight of a calendar day as an RFC 3339 instant; `plusDays` moves it. */
function midnight(dayText: string, plusDays = 0): string {
  const [y, m, d] = dayText.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The default order the API uses when none is given (newest first for dates). */
export function defaultOrder(sort: Sort): Order {
  return sort === 'added' || sort === 'last_played' ? 'desc' : 'asc';
}

export interface ListQuery {
  q?: string;
  artist?: string;
  album?: string;
  genre?: string;
  tag?: string;
  analysis_state?: AnalysisState;
  added_from?: string;
  added_to?: string;
  sort: Sort;
  order: Order;
}

/**
 * The `GET /api/v1/media` query for a view (without station, limit and cursor). The "Failed
 * analysis" view is the list with its state pinned to failed.
 */
export function toListQuery(s: LibrarySearch): ListQuery {
  const sort = s.sort ?? 'added';
  const state = s.view === 'failed' ? 'failed' : s.state;
  return {
    ...(s.q !== undefined && { q: s.q.trim() }),
    ...(s.artist !== undefined && { artist: s.artist }),
    ...(s.album !== undefined && { album: s.album }),
    ...(s.genre !== undefined && { genre: s.genre }),
    ...(s.tag !== undefined && { tag: s.tag }),
    ...(state !== undefined && { analysis_state: state }),
    ...(s.from !== undefined && { added_from: midnight(s.from) }),
    // The API's upper bound is exclusive: the day after, so "to" includes its whole day.
    ...(s.to !== undefined && { added_to: midnight(s.to, 1) }),
    sort,
    order: s.order ?? defaultOrder(sort),
  };
}

/** Whether any filter narrows the list (to explain an empty result). */
export function hasFilters(s: LibrarySearch): boolean {
  return [s.q, s.artist, s.album, s.genre, s.tag, s.state, s.from, s.to].some(
    (v) => v !== undefined,
  );
}
