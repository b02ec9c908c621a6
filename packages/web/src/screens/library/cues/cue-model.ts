import type { Data } from '../../../api/types';

/**
 * The cue editor's state and rules, pure so they are tested without a browser. The editor works
 * in positions on the file's timeline (what the markers show); the API stores fades as lengths,
 * so `toPatch` turns the fade-in end and fade-out start back into `fade_in_ms`/`fade_out_ms`.
 */

type Media = Data<'/api/v1/media/{id}'>;

export const MARKERS = [
  'cueIn',
  'fadeInEnd',
  'introEnd',
  'outroStart',
  'fadeOutStart',
  'cueOut',
] as const;
export type Marker = (typeof MARKERS)[number];
/** Each marker's position in ms from the start of the file; null = not set. */
export type CuePositions = Record<Marker, number | null>;

export const MARKER_LABEL: Record<Marker, string> = {
  cueIn: 'Cue-in',
  fadeInEnd: 'Fade-in end',
  introEnd: 'Intro end',
  outroStart: 'Outro start',
  fadeOutStart: 'Fade-out start',
  cueOut: 'Cue-out',
};

export const MARKER_HINT: Record<Marker, string> = {
  cueIn: 'Playout starts here (empty: the start of the file)',
  fadeInEnd: 'Full level from here (empty: no fade-in)',
  introEnd: 'Talk-over ends here (empty: no intro)',
  outroStart: 'The outro starts here (empty: no outro)',
  fadeOutStart: 'The fade-out starts here (empty: no fade-out)',
  cueOut: 'Playout ends here (empty: the end of the file)',
};

export interface CuePatch {
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  intro_ms: number | null;
  outro_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
}

type CueSource = Pick<Media, keyof CuePatch>;

/** The markers as the saved item places them. */
export function fromMedia(m: CueSource, durationMs: number): CuePositions {
  const start = m.cue_in_ms ?? 0;
  const end = m.cue_out_ms ?? durationMs;
  return {
    cueIn: m.cue_in_ms,
    cueOut: m.cue_out_ms,
    introEnd: m.intro_ms,
    outroStart: m.outro_ms,
    fadeInEnd: m.fade_in_ms === null ? null : start + m.fade_in_ms,
    fadeOutStart: m.fade_out_ms === null ? null : end - m.fade_out_ms,
  };
}

/** Where a marker is drawn: unset cues sit at the file's ends, unset fades at their cue. */
export function effectivePosition(p: CuePositions, marker: Marker, durationMs: number): number {
  const start = p.cueIn ?? 0;
  const end = p.cueOut ?? durationMs;
  switch (marker) {
    case 'cueIn':
      return start;
    case 'cueOut':
      return end;
    case 'fadeInEnd':
      return p.fadeInEnd ?? start;
    case 'fadeOutStart':
      return p.fadeOutStart ?? end;
    case 'introEnd':
      return p.introEnd ?? start;
    case 'outroStart':
      return p.outroStart ?? end;
  }
}

/**
 * Moves one marker. A fade belongs to its cue, so moving the cue carries the fade's end along
 * (its length stays); the intro end and outro start are pushed when the cue passes them, as an
 * edit with them outside the cues would be refused by the server.
 */
export function moveMarker(
  p: CuePositions,
  marker: Marker,
  ms: number | null,
  durationMs: number,
): CuePositions {
  const next = { ...p, [marker]: ms };
  if (marker === 'cueIn' || marker === 'cueOut') {
    const fade = marker === 'cueIn' ? 'fadeInEnd' : 'fadeOutStart';
    const before = effectivePosition(p, marker, durationMs);
    const after = effectivePosition(next, marker, durationMs);
    const f = p[fade];
    if (f !== null) next[fade] = Math.min(durationMs, Math.max(0, f + after - before));
    for (const m of ['introEnd', 'outroStart'] as const) {
      const v = next[m];
      if (v !== null && marker === 'cueIn' && v < after) next[m] = after;
      if (v !== null && marker === 'cueOut' && v > after) next[m] = after;
    }
  }
  return next;
}

/** The PATCH body these markers mean (fades as lengths measured from their cue). */
export function toPatch(p: CuePositions, durationMs: number): CuePatch {
  const start = p.cueIn ?? 0;
  const end = p.cueOut ?? durationMs;
  return {
    cue_in_ms: p.cueIn,
    cue_out_ms: p.cueOut,
    intro_ms: p.introEnd,
    outro_ms: p.outroStart,
    fade_in_ms: p.fadeInEnd === null ? null : p.fadeInEnd - start,
    fade_out_ms: p.fadeOutStart === null ? null : end - p.fadeOutStart,
  };
}

/** Which fields differ from what is saved (drives "unsaved changes" and the Save button). */
export function changedFields(p: CuePositions, saved: CueSource, durationMs: number): string[] {
  const patch = toPatch(p, durationMs);
  return (Object.keys(patch) as (keyof CuePatch)[]).filter((k) => patch[k] !== saved[k]);
}

/**
 * Problems the server would refuse (same rules as media-cues.ts), per marker, so the operator
 * sees them beside the input before saving. The server stays the judge.
 */
export function markerIssues(p: CuePositions, durationMs: number): Partial<Record<Marker, string>> {
  const out: Partial<Record<Marker, string>> = {};
  const start = p.cueIn ?? 0;
  const end = p.cueOut ?? durationMs;
  for (const m of MARKERS) {
    const v = p[m];
    if (v !== null && (v < 0 || v > durationMs))
      out[m] = `must be inside the file (0 – ${formatMs(durationMs)})`;
  }
  if (end <= start) out.cueOut ??= 'must be after the cue-in';
  for (const m of ['introEnd', 'outroStart', 'fadeInEnd', 'fadeOutStart'] as const) {
    const v = p[m];
    if (v !== null && (v < start || v > end)) out[m] ??= 'must lie between the cue-in and cue-out';
  }
  if (p.introEnd !== null && p.outroStart !== null && p.introEnd > p.outroStart)
    out.outroStart ??= 'must not start before the intro ends';
  if (p.fadeInEnd !== null && p.fadeOutStart !== null && p.fadeInEnd > p.fadeOutStart)
    out.fadeOutStart ??= 'must not start before the fade-in ends';
  return out;
}

/** m:ss.mmm (h:mm:ss.mmm past an hour). */
export function formatMs(ms: number): string {
  const v = Math.max(0, Math.round(ms));
  const h = Math.floor(v / 3_600_000);
  const m = Math.floor((v % 3_600_000) / 60_000);
  const s = Math.floor((v % 60_000) / 1000);
  const frac = String(v % 1000).padStart(3, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}.${frac}` : `${m}:${ss}.${frac}`;
}

/**
 * Parses what an operator types: `m:ss.mmm`, `h:mm:ss.mmm`, `ss.mmm` or plain seconds.
 * Empty means "not set" (null); anything else unreadable is undefined.
 */
export function parseTime(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(?:(?:(\d+):)?(\d+):)?(\d+(?:[.,]\d{0,3})?)$/.exec(t);
  if (!m) return undefined;
  const hours = Number(m[1] ?? 0);
  const minutes = Number(m[2] ?? 0);
  const seconds = Number((m[3] ?? '0').replace(',', '.'));
  if (m[2] !== undefined && seconds >= 60) return undefined;
  if (m[1] !== undefined && minutes >= 60) return undefined;
  return Math.round((hours * 3600 + minutes * 60 + seconds) * 1000);
}

/** Preview gain at a position: the fades as a linear approximation of the engine's curve. */
export function previewGain(p: CuePositions, atMs: number, durationMs: number): number {
  const start = p.cueIn ?? 0;
  const end = p.cueOut ?? durationMs;
  if (atMs < start || atMs > end) return 0;
  let g = 1;
  if (p.fadeInEnd !== null && p.fadeInEnd > start && atMs < p.fadeInEnd)
    g *= (atMs - start) / (p.fadeInEnd - start);
  if (p.fadeOutStart !== null && p.fadeOutStart < end && atMs > p.fadeOutStart)
    g *= (end - atMs) / (end - p.fadeOutStart);
  return Math.min(1, Math.max(0, g));
}
