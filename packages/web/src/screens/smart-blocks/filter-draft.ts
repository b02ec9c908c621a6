import type { FilterOperator, SmartBlockField, SmartBlockFilter } from '@grimnir/contracts';

// A smart-block filter as the form holds it (strings as typed) and back. The engine's
// operators apply to every field; the form offers those that mean something for the field's
// kind, in the units an operator thinks in (length in seconds, energy 0–1, dates as dates).

export type Field = SmartBlockField;
export type Op = FilterOperator;

type Kind = 'text' | 'list' | 'number' | 'date' | 'bool';
const KIND: Record<Field, Kind> = {
  genre: 'text',
  mood: 'text',
  artist: 'text',
  album: 'text',
  title: 'text',
  language: 'text',
  label: 'text',
  tags: 'list',
  year: 'number',
  bpm: 'number',
  duration_ms: 'number',
  play_count: 'number',
  energy: 'number',
  added_at: 'date',
  last_played_at: 'date',
  explicit: 'bool',
};

export const FIELD_LABEL: Record<Field, string> = {
  genre: 'Genre',
  mood: 'Mood',
  artist: 'Artist',
  album: 'Album',
  title: 'Title',
  year: 'Year',
  bpm: 'BPM',
  duration_ms: 'Length (seconds)',
  tags: 'Tags',
  added_at: 'Added',
  last_played_at: 'Last played',
  play_count: 'Play count',
  explicit: 'Explicit',
  language: 'Language',
  label: 'Label',
  energy: 'Energy (0–1)',
};

export const OP_LABEL: Record<Op, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  in: 'is one of',
  between: 'is between',
  gt: 'is more than',
  lt: 'is less than',
  newer_than: 'within the last',
  older_than: 'longer ago than',
};

const OPS_BY_KIND: Record<Kind, Op[]> = {
  text: ['eq', 'neq', 'contains', 'in'],
  list: ['eq', 'neq', 'contains', 'in'],
  number: ['eq', 'neq', 'gt', 'lt', 'between', 'in'],
  date: ['newer_than', 'older_than', 'gt', 'lt', 'between'],
  bool: ['eq', 'neq'],
};

// Types only from contracts (its values would bring zod into the bundle); the Records typed
// by the contracts' unions make these lists complete, or the build fails.
export const FIELDS = Object.keys(FIELD_LABEL) as Field[];

/** Operators offered for a field (plus `current`, so a stored rule is never hidden). */
export function opsFor(field: Field, current?: Op): Op[] {
  const ops = OPS_BY_KIND[KIND[field]];
  return current === undefined || ops.includes(current) ? ops : [...ops, current];
}

export const isBoolField = (f: Field) => KIND[f] === 'bool';

export interface FilterDraft {
  field: Field;
  op: Op;
  /** The value, or the lower bound of `between`; a comma-separated list for `in`. */
  a: string;
  /** The upper bound of `between`. */
  b: string;
}

export const newFilter = (field: Field = 'genre'): FilterDraft => ({
  field,
  op: OPS_BY_KIND[KIND[field]][0] ?? 'eq',
  a: isBoolField(field) ? 'true' : '',
  b: '',
});

/** Switching field keeps the operator when it still applies. */
export function withField(d: FilterDraft, field: Field): FilterDraft {
  const ops = opsFor(field);
  return {
    ...newFilter(field),
    op: ops.includes(d.op) ? d.op : (ops[0] ?? 'eq'),
    a: isBoolField(field) ? 'true' : d.a,
  };
}

const scale = (f: Field) => (f === 'duration_ms' ? 1000 : 1);

function formatScalar(field: Field, v: unknown): string {
  if (typeof v === 'number') return String(v / scale(field));
  if (typeof v === 'string' && KIND[field] === 'date' && /^\d{4}-\d{2}-\d{2}T00:00:00/.test(v))
    return v.slice(0, 10);
  return String(v);
}

export function draftFromFilter(f: SmartBlockFilter): FilterDraft {
  const { field, op, value } = f;
  if (op === 'between' && Array.isArray(value))
    return { field, op, a: formatScalar(field, value[0]), b: formatScalar(field, value[1]) };
  if (Array.isArray(value))
    return { field, op, a: value.map((v) => formatScalar(field, v)).join(', '), b: '' };
  if (op === 'newer_than' || op === 'older_than')
    return { field, op, a: typeof value === 'number' ? `${value}ms` : String(value), b: '' };
  return { field, op, a: formatScalar(field, value), b: '' };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function scalar(field: Field, text: string): Parsed<string | number | boolean> {
  const t = text.trim();
  const label = FIELD_LABEL[field];
  if (t === '') return { ok: false, error: `${label}: enter a value` };
  switch (KIND[field]) {
    case 'bool':
      return { ok: true, value: t === 'true' };
    case 'number': {
      const n = Number(t.replace(',', '.'));
      if (!Number.isFinite(n)) return { ok: false, error: `${label}: “${t}” is not a number` };
      return { ok: true, value: Math.round(n * scale(field) * 1000) / 1000 };
    }
    case 'date':
      return Number.isNaN(Date.parse(t))
        ? { ok: false, error: `${label}: “${t}” is not a date (YYYY-MM-DD)` }
        : { ok: true, value: /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00.000Z` : t };
    case 'text':
    case 'list':
      return { ok: true, value: t };
  }
}

/** The API filter, or what is wrong with the draft. */
export function filterFromDraft(d: FilterDraft): Parsed<SmartBlockFilter> {
  const { field, op } = d;
  if (op === 'newer_than' || op === 'older_than') {
    const t = d.a.trim();
    return /^\d+(ms|s|m|h|d|w)$/.test(t)
      ? { ok: true, value: { field, op, value: t } }
      : { ok: false, error: `${FIELD_LABEL[field]}: a span like 30d, 12h, 90m or 2w` };
  }
  if (op === 'in') {
    const parts = d.a.split(',').filter((p) => p.trim() !== '');
    if (parts.length === 0) return { ok: false, error: `${FIELD_LABEL[field]}: list some values` };
    const values: (string | number | boolean)[] = [];
    for (const p of parts) {
      const v = scalar(field, p);
      if (!v.ok) return v;
      values.push(v.value);
    }
    return { ok: true, value: { field, op, value: values } };
  }
  if (op === 'between') {
    const lo = scalar(field, d.a);
    if (!lo.ok) return lo;
    const hi = scalar(field, d.b);
    if (!hi.ok) return hi;
    return { ok: true, value: { field, op, value: [lo.value, hi.value] } };
  }
  const v = scalar(field, d.a);
  return v.ok ? { ok: true, value: { field, op, value: v.value } } : v;
}
