// What a station schedule needs from RFC 5545 recurrence, and no more. The rrule library iterates
// synchronously from DTSTART: a sub-hourly FREQ, long BY-lists or a rule that can never match
// (FEB 30) keep the event loop busy for seconds to minutes, so every rule is checked here
// before it is stored. The limits are part of the API contract (docs/api.md, "Recurrence").

/** Named limits; a refusal names the one that was hit. */
export const RRULE_LIMITS = Object.freeze({
  /** Largest COUNT: a daily entry for almost three years. */
  maxCount: 1000,
  maxInterval: 1000,
  /** Occurrences one rule may produce in a day (e.g. every 30 minutes). */
  maxPerDay: 48,
  maxByList: {
    BYDAY: 7,
    BYMONTHDAY: 31,
    BYMONTH: 12,
    BYHOUR: 24,
    BYMINUTE: 4,
    BYSETPOS: 7,
  },
  /** The first occurrence must fall within this many years of starts_at. */
  firstWithinYears: 8,
  /** Years a repeating starts_at may lie in (see firstOccurrenceProbe for why). */
  minYear: 1901,
  maxYear: 2091,
});

const FREQS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type Freq = (typeof FREQS)[number];
const ALLOWED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST', 'BYSETPOS']);
const RANGES: Record<string, [number, number, boolean]> = {
  // [min, max, zero allowed]
  BYMONTHDAY: [-31, 31, false],
  BYMONTH: [1, 12, true],
  BYHOUR: [0, 23, true],
  BYMINUTE: [0, 59, true],
  BYSETPOS: [-366, 366, false],
};
const WEEKDAY = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** Thrown for a rule a station schedule does not accept; `limit` names the rule broken. */
export class RecurrenceRuleError extends RangeError {
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecurrenceRuleError';
  }
}

const fail = (limit: string, message: string): never => {
  throw new RecurrenceRuleError(limit, message);
};

function parts(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of body.replace(/^RRULE:/, '').split(';')) {
    const [key = '', value = ''] = part.split('=', 2);
    if (out.has(key)) fail('duplicate_part', `${key} appears twice`);
    out.set(key, value);
  }
  return out;
}

function intIn(key: string, raw: string, min: number, max: number, zero = true): number {
  const n = /^[+-]?\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max || (!zero && n === 0))
    fail('range', `${key} value ${raw} is outside ${min}..${max}${zero ? '' : ' (not 0)'}`);
  return n;
}

function list(key: string, raw: string): string[] {
  const items = raw.split(',');
  const max = (RRULE_LIMITS.maxByList as Readonly<Record<string, number>>)[key] ?? 0;
  if (items.length > max)
    fail('by_list_length', `${key} lists ${items.length} values; at most ${max} are accepted`);
  if (new Set(items).size !== items.length) fail('by_list_duplicate', `${key} repeats a value`);
  return items;
}

function checkByDay(freq: Freq, raw: string): void {
  for (const item of list('BYDAY', raw)) {
    const m = WEEKDAY.exec(item);
    if (!m) return fail('range', `BYDAY value ${item} is not a weekday`);
    if (m[2] === undefined) continue;
    if (freq !== 'MONTHLY' && freq !== 'YEARLY')
      fail('by_day_ordinal', `BYDAY ordinals (${item}) need FREQ=MONTHLY or YEARLY`);
    intIn('BYDAY', m[2], 1, freq === 'MONTHLY' ? 5 : 53, false);
  }
}

/**
 * Static checks of an RRULE body: FREQ at most hourly, only the parts a schedule uses, capped
 * lists, COUNT and INTERVAL, and at most `maxPerDay` occurrences a day. Returns the FREQ.
 */
export function checkRulePolicy(body: string): Freq {
  const p = parts(body);
  const freq = p.get('FREQ') ?? fail('freq', 'RRULE needs FREQ');
  if (freq === 'SECONDLY' || freq === 'MINUTELY')
    fail('freq', `FREQ=${freq} is finer than a station schedule needs (at most HOURLY)`);
  if (!(FREQS as readonly string[]).includes(freq)) fail('freq', `unknown FREQ=${freq}`);
  const f = freq as Freq;
  for (const key of p.keys()) {
    if (!ALLOWED.has(key) && !(key in RANGES) && key !== 'BYDAY')
      fail('unsupported_part', `${key} is not supported in a station schedule`);
  }
  const count = p.get('COUNT');
  if (count !== undefined) intIn('COUNT', count, 1, RRULE_LIMITS.maxCount);
  if (count !== undefined && p.has('UNTIL'))
    fail('count_and_until', 'COUNT and UNTIL exclude each other');
  const interval = intIn('INTERVAL', p.get('INTERVAL') ?? '1', 1, RRULE_LIMITS.maxInterval);
  for (const [key, [min, max, zero]] of Object.entries(RANGES)) {
    const raw = p.get(key);
    if (raw !== undefined) for (const v of list(key, raw)) intIn(key, v, min, max, zero);
  }
  const byDay = p.get('BYDAY');
  if (byDay !== undefined) checkByDay(f, byDay);
  // rrule steps HOURLY rules until an hour is in BYHOUR, forever when INTERVAL never reaches one.
  if (f === 'HOURLY' && p.has('BYHOUR'))
    fail('hourly_by_hour', 'FREQ=HOURLY cannot take BYHOUR; use FREQ=DAILY with BYHOUR');
  // Filters that skip periods can leave a rule without any occurrence; rrule then walks every
  // period up to the year 9999. Kept to shapes whose first occurrence can be probed cheaply.
  if (p.has('BYSETPOS') && f !== 'MONTHLY' && f !== 'YEARLY')
    fail('by_set_pos', 'BYSETPOS needs FREQ=MONTHLY or YEARLY');
  const filters = ['BYMONTH', 'BYMONTHDAY', ...(f === 'WEEKLY' ? [] : ['BYDAY'])];
  const filtered = filters.filter((k) => p.has(k));
  if (interval > 1 && ['HOURLY', 'DAILY', 'WEEKLY'].includes(f) && filtered.length > 0)
    fail(
      'interval_with_filter',
      `FREQ=${f} with INTERVAL > 1 cannot take ${filtered.join(', ')}; use a coarser FREQ`,
    );
  const hours = f === 'HOURLY' ? Math.ceil(24 / interval) : lengthOf(p.get('BYHOUR'));
  const perDay = hours * lengthOf(p.get('BYMINUTE'));
  if (perDay > RRULE_LIMITS.maxPerDay)
    fail(
      'per_day',
      `the rule yields ${perDay} occurrences a day; at most ${RRULE_LIMITS.maxPerDay}`,
    );
  return f;
}

const lengthOf = (raw: string | undefined) => (raw === undefined ? 1 : raw.split(',').length);
