import { occurrencesBetween } from '../core/recurrence.js';
import type { ShowWrite } from './shows.repository.js';

/** Why a split is refused; the service turns it into a 400. */
export class SplitError extends Error {}

const SECOND_MS = 1000;

function ruleParts(rrule: string): Map<string, string> {
  const body = rrule.replace(/^RRULE:/, '');
  return new Map(
    body.split(';').map((p) => {
      const [k = '', v = ''] = p.split('=');
      return [k, v] as const;
    }),
  );
}

function ruleText(parts: Map<string, string>): string {
  return [...parts].map(([k, v]) => `${k}=${v}`).join(';');
}

/** RFC 5545 UTC form, `YYYYMMDDTHHMMSSZ`. */
function untilText(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * "This and the following occurrences": the series ends just before the occurrence that
 * originally started at `atMs`, and a new series (same rule, a new id) starts there. COUNT is
 * shared out between the two (RFC 5545 counts EXDATE'd instances too); exdates and exceptions
 * go to the half they belong to. Refused when `atMs` is not an occurrence of the series, or is
 * its first (then the change is simply "all").
 */
export function splitShow(
  show: ShowWrite,
  atMs: number,
  timezone: string,
  newId: string,
): { head: ShowWrite; tail: ShowWrite } {
  if (show.rrule === null) throw new SplitError('the show does not repeat');
  const startMs = Date.parse(show.starts_at);
  if (atMs <= startMs) throw new SplitError('at is the first occurrence: change the whole show');
  const rec = {
    startsAtMs: startMs,
    durationMs: show.duration_ms,
    rrule: show.rrule,
    timezone,
  };
  const before = occurrencesBetween(rec, { startMs, endMs: atMs }).filter((o) => o.startMs < atMs);
  const isOccurrence = occurrencesBetween(rec, { startMs: atMs, endMs: atMs + 1 }).some(
    (o) => o.startMs === atMs,
  );
  if (!isOccurrence) throw new SplitError('at is not an occurrence of the show');
  const parts = ruleParts(show.rrule);
  const headParts = new Map(parts);
  const tailParts = new Map(parts);
  const count = parts.get('COUNT');
  if (count !== undefined) {
    headParts.set('COUNT', String(before.length));
    tailParts.set('COUNT', String(Number(count) - before.length));
  } else {
    headParts.set('UNTIL', untilText(atMs - SECOND_MS));
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const isBefore = (x: string) => Date.parse(x) < atMs;
  return {
    head: {
      ...show,
      rrule: ruleText(headParts),
      exdates: show.exdates.filter(isBefore),
      exceptions: show.exceptions.filter((x) => isBefore(x.original_starts_at)),
    },
    tail: {
      ...show,
      id: newId,
      starts_at: iso(atMs),
      rrule: ruleText(tailParts),
      exdates: show.exdates.filter((x) => !isBefore(x)),
      exceptions: show.exceptions.filter((x) => !isBefore(x.original_starts_at)),
    },
  };
}
