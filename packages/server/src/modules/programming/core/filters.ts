import type { SmartBlockField, SmartBlockFilter } from '@grimnir/contracts';
import { fieldValue, type FieldValue, type Track } from './track.js';

export type TrackPredicate = (track: Track) => boolean;

const DATE_FIELDS: ReadonlySet<SmartBlockField> = new Set(['added_at', 'last_played_at']);
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `30d` → ms; numbers are already ms. Throws on anything else (schemas reject it first). */
export function parseRelativeDuration(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const match = typeof value === 'string' ? /^(\d+)(ms|s|m|h|d|w)$/.exec(value) : null;
  const unit = match?.[2];
  if (!match || unit === undefined) throw new Error(`invalid relative duration: ${String(value)}`);
  return Number(match[1]) * (UNIT_MS[unit] ?? 1);
}

function toNumber(value: unknown, field: SmartBlockField): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DATE_FIELDS.has(field)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return undefined;
}

// Array.isArray widens readonly arrays to any[]; this keeps the element type.
function isList(value: FieldValue): value is readonly string[] {
  return Array.isArray(value);
}

function scalarEquals(actual: FieldValue, expected: unknown, field: SmartBlockField): boolean {
  if (actual === null || actual === undefined) return false;
  if (isList(actual)) return actual.some((tag) => scalarEquals(tag, expected, field));
  if (typeof actual === 'string' && typeof expected === 'string') {
    return actual.toLowerCase() === expected.toLowerCase();
  }
  if (typeof actual === 'number') return actual === toNumber(expected, field);
  return actual === expected;
}

function contains(actual: FieldValue, expected: unknown): boolean {
  if (typeof expected !== 'string') return false;
  const needle = expected.toLowerCase();
  if (isList(actual)) return actual.some((tag) => tag.toLowerCase().includes(needle));
  return typeof actual === 'string' && actual.toLowerCase().includes(needle);
}

function compare(actual: FieldValue, field: SmartBlockField): number | undefined {
  return typeof actual === 'number' ? actual : toNumber(actual, field);
}

/**
 * Compiles a filter once per block so the hot loop over a 50k-track library is a closure call.
 * `nowMs` anchors newer_than/older_than at the start of the window being programmed.
 */
const MEMO_LIMIT = 10_000;

// Hot path for the common string comparisons (genre in [...], tags eq "x"): lower-case the
// expected values once instead of once per track.
function stringMembership(values: readonly unknown[], get: (t: Track) => FieldValue) {
  if (!values.every((v) => typeof v === 'string')) return undefined;
  const wanted = new Set((values as string[]).map((v) => v.toLowerCase()));
  // Answers per distinct value (a genre, a tag): a library repeats a few hundred of them 50k
  // times, and a lookup is cheaper than lower-casing. Bounded for fields that rarely repeat.
  const seen = new Map<string, boolean>();
  const has = (value: string): boolean => {
    let answer = seen.get(value);
    if (answer === undefined) {
      answer = wanted.has(value.toLowerCase());
      if (seen.size < MEMO_LIMIT) seen.set(value, answer);
    }
    return answer;
  };
  return (t: Track): boolean | undefined => {
    const actual = get(t);
    if (typeof actual === 'string') return has(actual);
    if (isList(actual)) return actual.some(has);
    return actual === null || actual === undefined ? false : undefined;
  };
}

// `explicit eq true`: a boolean only ever equals a boolean (scalarEquals), so no per-track closure.
function booleanMembership(values: readonly unknown[], get: (t: Track) => FieldValue) {
  if (!values.every((v) => typeof v === 'boolean')) return undefined;
  const wanted = new Set(values as boolean[]);
  return (t: Track): boolean => {
    const actual = get(t);
    return typeof actual === 'boolean' && wanted.has(actual);
  };
}

export function compileFilter(filter: SmartBlockFilter, nowMs: number): TrackPredicate {
  const { field, op, value } = filter;
  const get = (t: Track): FieldValue => fieldValue(t, field);
  switch (op) {
    case 'eq':
    case 'neq':
    case 'in': {
      const options = op === 'in' && Array.isArray(value) ? value : [value];
      const fast = stringMembership(options, get) ?? booleanMembership(options, get);
      const generic = (t: Track) => options.some((o) => scalarEquals(get(t), o, field));
      const match = fast === undefined ? generic : (t: Track) => fast(t) ?? generic(t);
      return op === 'neq' ? (t) => !match(t) : match;
    }
    case 'contains':
      return (t) => contains(get(t), value);
    case 'between': {
      const [lo, hi] = Array.isArray(value) ? value : [];
      const low = toNumber(lo, field) ?? -Infinity;
      const high = toNumber(hi, field) ?? Infinity;
      return (t) => inRange(compare(get(t), field), low, high);
    }
    case 'gt': {
      const bound = toNumber(value, field) ?? Infinity;
      return (t) => (compare(get(t), field) ?? -Infinity) > bound;
    }
    case 'lt': {
      const bound = toNumber(value, field) ?? -Infinity;
      return (t) => (compare(get(t), field) ?? Infinity) < bound;
    }
    case 'newer_than': {
      const since = nowMs - parseRelativeDuration(value);
      return (t) => (compare(get(t), field) ?? -Infinity) >= since;
    }
    case 'older_than': {
      // A track never played counts as played longer ago than any bound.
      const before = nowMs - parseRelativeDuration(value);
      const missing = field === 'last_played_at' ? -Infinity : Infinity;
      return (t) => (compare(get(t), field) ?? missing) < before;
    }
  }
}

function inRange(x: number | undefined, low: number, high: number): boolean {
  return x !== undefined && x >= low && x <= high;
}

/** Include filters (all/any) and exclude filters (any excludes) as one predicate. */
export function compileSelection(
  include: readonly SmartBlockFilter[],
  mode: 'all' | 'any',
  exclude: readonly SmartBlockFilter[],
  nowMs: number,
): TrackPredicate {
  const inc = include.map((f) => compileFilter(f, nowMs));
  const exc = exclude.map((f) => compileFilter(f, nowMs));
  return (t) => {
    if (inc.length > 0) {
      const ok = mode === 'all' ? inc.every((p) => p(t)) : inc.some((p) => p(t));
      if (!ok) return false;
    }
    return !exc.some((p) => p(t));
  };
}

export function describeFilter(filter: SmartBlockFilter): string {
  return `${filter.field} ${filter.op} ${JSON.stringify(filter.value)}`;
}
