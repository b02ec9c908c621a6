import type { SmartBlockFilter, SmartBlockRules } from '@grimnir/contracts';
import { draftFromFilter, filterFromDraft, type FilterDraft } from './filter-draft';

// The whole rule set as the form holds it, and back to the API's rules with every problem
// named (the API would refuse them too, but with field paths instead of words).

export interface RulesDraft {
  include: FilterDraft[];
  include_mode: 'all' | 'any';
  exclude: FilterDraft[];
  weights: { filter: FilterDraft; weight: string }[];
  quotas: { filter: FilterDraft; min: string; max: string; window: string }[];
  separation: { artist: string; title: string; album: string };
  /** Seconds. */
  tolerance: string;
  fillers: FilterDraft[];
  /** Percent through the block and percent energy. */
  energy: { at: string; energy: string }[];
}

const num = (n: number | undefined) => (n === undefined ? '' : String(n));
const pct = (x: number) => String(Math.round(x * 100));

export function draftFromRules(r: SmartBlockRules): RulesDraft {
  return {
    include: r.include.map(draftFromFilter),
    include_mode: r.include_mode,
    exclude: r.exclude.map(draftFromFilter),
    weights: r.weights.map((w) => ({
      filter: draftFromFilter(w.filter),
      weight: String(w.weight),
    })),
    quotas: r.quotas.map((q) => ({
      filter: draftFromFilter(q.filter),
      min: num(q.min),
      max: num(q.max),
      window: num(q.window_minutes),
    })),
    separation: {
      artist: String(r.separation.artist_minutes),
      title: String(r.separation.title_minutes),
      album: String(r.separation.album_minutes),
    },
    tolerance: String(r.tolerance_ms / 1000),
    fillers: r.fillers.map(draftFromFilter),
    energy: r.energy_curve.map((p) => ({ at: pct(p.at), energy: pct(p.energy) })),
  };
}

type Result = { ok: true; rules: SmartBlockRules } | { ok: false; errors: string[] };

/** A whole number in [min, max] from text; '' is `blank`. */
function int(
  text: string,
  what: string,
  errors: string[],
  o: { min: number; max: number; blank?: number },
): number | undefined {
  const t = text.trim();
  if (t === '') {
    if (o.blank === undefined) errors.push(`${what}: enter a number`);
    return o.blank;
  }
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n) || n < o.min || n > o.max) {
    errors.push(`${what}: a number from ${o.min} to ${o.max}`);
    return undefined;
  }
  return n;
}

export function rulesFromDraft(d: RulesDraft): Result {
  const errors: string[] = [];
  const one = (f: FilterDraft, where: string): SmartBlockFilter | undefined => {
    const r = filterFromDraft(f);
    if (!r.ok) errors.push(`${where} ${r.error}`);
    return r.ok ? r.value : undefined;
  };
  const filters = (list: FilterDraft[], where: string): SmartBlockFilter[] =>
    list.flatMap((f, i) => one(f, `${where} ${i + 1} —`) ?? []);
  const include = filters(d.include, 'Include filter');
  const exclude = filters(d.exclude, 'Exclude filter');
  const weights = d.weights.flatMap((w, i) => {
    const filter = one(w.filter, `Weight ${i + 1}:`);
    const weight = int(w.weight, `Weight ${i + 1}`, errors, { min: 0, max: 1000 });
    return filter && weight !== undefined ? [{ filter, weight }] : [];
  });
  const quotas = d.quotas.flatMap((q, i) => {
    const what = `Quota ${i + 1}`;
    const filter = one(q.filter, `${what}:`);
    const min = int(q.min, `${what} minimum`, errors, { min: 0, max: 10_000, blank: -1 });
    const max = int(q.max, `${what} maximum`, errors, { min: 0, max: 10_000, blank: -1 });
    const window = int(q.window, `${what} window`, errors, { min: 1, max: 10_080, blank: -1 });
    if (min === -1 && max === -1) errors.push(`${what}: give a minimum, a maximum or both`);
    if (min !== undefined && max !== undefined && min >= 0 && max >= 0 && min > max)
      errors.push(`${what}: the minimum is above the maximum`);
    if (!filter || min === undefined || max === undefined || window === undefined) return [];
    return [
      {
        filter,
        ...(min >= 0 && { min: Math.round(min) }),
        ...(max >= 0 && { max: Math.round(max) }),
        ...(window >= 0 && { window_minutes: Math.round(window) }),
      },
    ];
  });
  const minutes = (t: string, what: string) =>
    Math.round(int(t, `${what} separation`, errors, { min: 0, max: 10_080, blank: 0 }) ?? 0);
  const tolerance = int(d.tolerance, 'Tolerance', errors, { min: 0, max: 600, blank: 0 }) ?? 0;
  const energy = d.energy.flatMap((p, i) => {
    const at = int(p.at, `Energy point ${i + 1} position`, errors, { min: 0, max: 100 });
    const e = int(p.energy, `Energy point ${i + 1} energy`, errors, { min: 0, max: 100 });
    return at === undefined || e === undefined ? [] : [{ at: at / 100, energy: e / 100 }];
  });
  const rules: SmartBlockRules = {
    include,
    include_mode: d.include_mode,
    exclude,
    weights,
    quotas,
    separation: {
      artist_minutes: minutes(d.separation.artist, 'Artist'),
      title_minutes: minutes(d.separation.title, 'Title'),
      album_minutes: minutes(d.separation.album, 'Album'),
    },
    tolerance_ms: Math.round(tolerance * 1000),
    fillers: filters(d.fillers, 'Filler filter'),
    energy_curve: [...energy].sort((a, b) => a.at - b.at),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}
