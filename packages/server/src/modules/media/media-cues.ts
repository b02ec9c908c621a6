import { MEDIA_CUE_FIELDS } from '@grimnir/contracts';

/**
 * Checks an item's cue points and fades as they would be after an edit (current values merged
 * with the patch), against the file's duration. Pure, so the rules are table-tested. The
 * director plays what passes: a cue-out before the cue-in, or fades longer than what plays,
 * would make the engine play nothing or a fade that never reaches full level.
 */

type CueField = (typeof MEDIA_CUE_FIELDS)[number];
export type CuePoints = Record<CueField, number | null>;

interface CueIssue {
  path: CueField[];
  message: string;
}

export function cueIssues(c: CuePoints, durationMs: number): CueIssue[] {
  const issues: CueIssue[] = [];
  const issue = (field: CueField, message: string) => issues.push({ path: [field], message });
  for (const f of ['cue_in_ms', 'cue_out_ms', 'intro_ms', 'outro_ms'] as const) {
    const v = c[f];
    if (v !== null && v > durationMs)
      issue(f, `must be inside the duration (${durationMs} ms), got ${v}`);
  }
  const start = c.cue_in_ms ?? 0;
  const end = c.cue_out_ms ?? durationMs;
  if (end <= start) issue('cue_out_ms', `must be after cue_in_ms (${start} ms)`);
  for (const f of ['intro_ms', 'outro_ms'] as const) {
    const v = c[f];
    if (v !== null && (v < start || v > end))
      issue(f, `must lie between the cue-in and cue-out (${start}–${end} ms)`);
  }
  if (c.intro_ms !== null && c.outro_ms !== null && c.intro_ms > c.outro_ms)
    issue('outro_ms', 'must not start before the intro ends');
  const playing = Math.max(0, end - start);
  for (const f of ['fade_in_ms', 'fade_out_ms'] as const) {
    const v = c[f];
    if (v !== null && v > playing) issue(f, `must not be longer than what plays (${playing} ms)`);
  }
  if ((c.fade_in_ms ?? 0) + (c.fade_out_ms ?? 0) > playing && issues.length === 0)
    issue('fade_out_ms', `fade-in and fade-out together must fit in what plays (${playing} ms)`);
  return issues;
}

/** Whether a patch touches any cue or fade field. */
export function touchesCues(patch: Partial<Record<CueField, unknown>>): boolean {
  return MEDIA_CUE_FIELDS.some((f) => patch[f] !== undefined);
}
