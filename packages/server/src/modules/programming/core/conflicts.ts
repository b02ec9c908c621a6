/** Anything that occupies air time. */
export interface Span {
  startMs: number;
  endMs: number;
}

interface Conflict<T extends Span> {
  a: T;
  b: T;
  startMs: number;
  endMs: number;
}

/** Every overlapping pair (sweep over start-sorted spans; touching spans do not overlap). */
export function findConflicts<T extends Span>(spans: readonly T[]): Conflict<T>[] {
  const sorted = [...spans].sort((x, y) => x.startMs - y.startMs || x.endMs - y.endMs);
  const out: Conflict<T>[] = [];
  const active: T[] = [];
  for (const span of sorted) {
    for (let i = active.length - 1; i >= 0; i--) {
      if ((active[i] as T).endMs <= span.startMs) active.splice(i, 1);
    }
    for (const other of active) {
      out.push({
        a: other,
        b: span,
        startMs: span.startMs,
        endMs: Math.min(other.endMs, span.endMs),
      });
    }
    active.push(span);
  }
  return out;
}

interface Ranked extends Span {
  priority: number;
  shifted: boolean;
  key: string;
}

interface Piece<T> extends Span {
  source: T;
}

/**
 * Turns possibly overlapping occurrences into disjoint pieces. Precedence: higher priority,
 * then an occurrence at its stated local time over one moved by a DST gap, then the earlier
 * start, then the key (so the outcome never depends on input order). A loser keeps whatever
 * part of its time nobody with precedence claimed.
 */
export function resolveOverlaps<T extends Ranked>(spans: readonly T[]): Piece<T>[] {
  const ranked = [...spans].sort(
    (x, y) =>
      y.priority - x.priority ||
      Number(x.shifted) - Number(y.shifted) ||
      x.startMs - y.startMs ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
  const taken: Span[] = [];
  const pieces: Piece<T>[] = [];
  for (const span of ranked) {
    for (const free of subtract(span, taken)) {
      pieces.push({ ...free, source: span });
      insertSorted(taken, free);
    }
  }
  return pieces.sort((x, y) => x.startMs - y.startMs);
}

/** Parts of `span` not covered by the sorted, disjoint `taken` list. */
export function subtract(span: Span, taken: readonly Span[]): Span[] {
  const out: Span[] = [];
  let cursor = span.startMs;
  for (const t of taken) {
    if (t.endMs <= cursor) continue;
    if (t.startMs >= span.endMs) break;
    if (t.startMs > cursor) out.push({ startMs: cursor, endMs: t.startMs });
    cursor = Math.max(cursor, t.endMs);
  }
  if (cursor < span.endMs) out.push({ startMs: cursor, endMs: span.endMs });
  return out;
}

function insertSorted(list: Span[], span: Span): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as Span).startMs > span.startMs) i--;
  list.splice(i, 0, { startMs: span.startMs, endMs: span.endMs });
}

/** Uncovered stretches of `window` given spans (sorted or not). */
export function findGaps(spans: readonly Span[], window: Span): Span[] {
  const sorted = [...spans].sort((x, y) => x.startMs - y.startMs);
  return subtract(window, mergeSpans(sorted));
}

function mergeSpans(sorted: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ startMs: s.startMs, endMs: s.endMs });
  }
  return out;
}
