import type { AnalysisState } from './library-search';

/** A calendar date in the viewer's locale (the list's added / last played columns). */
export function shortDate(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

export const STATE_LABEL: Record<AnalysisState, string> = {
  pending: 'Pending',
  running: 'Analysing',
  complete: 'Analysed',
  failed: 'Failed',
};

// Filled shade-9 colours reach 4.5:1 against white text (theme.ts).
export const STATE_COLOR: Record<AnalysisState, string> = {
  pending: 'gray',
  running: 'blue',
  complete: 'teal',
  failed: 'red',
};

export const SORT_LABEL = {
  added: 'Added',
  title: 'Title',
  artist: 'Artist',
  album: 'Album',
  genre: 'Genre',
  duration: 'Duration',
  last_played: 'Last played',
} as const;

/** Words for the two directions of a sort, as an operator would say them. */
export function orderLabels(sort: keyof typeof SORT_LABEL): { asc: string; desc: string } {
  if (sort === 'added' || sort === 'last_played')
    return { asc: 'Oldest first', desc: 'Newest first' };
  if (sort === 'duration') return { asc: 'Shortest first', desc: 'Longest first' };
  return { asc: 'A to Z', desc: 'Z to A' };
}
