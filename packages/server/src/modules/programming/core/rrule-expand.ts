import rrulePkg, { type Options } from 'rrule';
import { RRULE_LIMITS, RecurrenceRuleError } from './rrule-policy.js';

// rrule ships a CommonJS bundle; Node's ESM loader only exposes it as a default export.
const { RRule } = rrulePkg;

/** Hard bounds on one expansion, whatever rule is stored (older rows predate the policy). */
const EXPANSION_LIMITS = Object.freeze({ maxOccurrences: 20_000, maxMs: 100 });

const HOUR_MS = 3_600_000;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 366 * DAY_MS;
const FIXED_PERIOD_MS: Partial<Record<number, number>> = {
  [RRule.HOURLY]: HOUR_MS,
  [RRule.DAILY]: DAY_MS,
  [RRule.WEEKLY]: 7 * DAY_MS,
};

/** A parsed rule in floating local time: DTSTART and UNTIL are walls, not instants. */
interface FloatingRule {
  options: Partial<Options>;
  dtstartWall: number;
}

function build(rule: FloatingRule, dtstartWall: number) {
  return new RRule({ ...rule.options, dtstart: new Date(dtstartWall), tzid: null }, true);
}

/**
 * A later DTSTART that produces the same occurrences from `fromWall` on: whole periods of the
 * rule moved forward, so an entry that began years ago is not re-walked from its first day on
 * every expansion. Rules with COUNT count from the real DTSTART and are never moved.
 */
function rebased(rule: FloatingRule, fromWall: number): number {
  const { options, dtstartWall } = rule;
  if (options.count != null || fromWall <= dtstartWall) return dtstartWall;
  const interval = options.interval ?? 1;
  const fixed = options.freq === undefined ? undefined : FIXED_PERIOD_MS[options.freq];
  if (fixed !== undefined) {
    const period = fixed * interval;
    const k = Math.floor((fromWall - dtstartWall) / period) - 1;
    return k > 0 ? dtstartWall + k * period : dtstartWall;
  }
  // Months and years: only when the day exists in every month (the rule's defaults come
  // from DTSTART's day, which must survive the move).
  const d = new Date(dtstartWall);
  if (d.getUTCDate() > 28) return dtstartWall;
  const months = options.freq === RRule.MONTHLY ? interval : 12 * interval;
  const f = new Date(fromWall);
  const diff = (f.getUTCFullYear() - d.getUTCFullYear()) * 12 + f.getUTCMonth() - d.getUTCMonth();
  const k = Math.floor(diff / months) - 1;
  if (k <= 0) return dtstartWall;
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + k * months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

export function floatingRule(
  body: string,
  dtstartWall: number,
  untilToWall: (ms: number) => number,
): FloatingRule {
  const options = RRule.parseString(body.replace(/^RRULE:/, ''));
  // UNTIL is an instant (UTC) when DTSTART is zoned; compare it in the same floating frame.
  if (options.until) options.until = new Date(untilToWall(options.until.getTime()));
  return { options, dtstartWall };
}

/**
 * Occurrence walls in [fromWall, toWall], walking at most `maxOccurrences` occurrences and
 * `maxMs` of wall-clock time; past either bound it throws a RecurrenceRuleError naming it.
 */
export function expandFloating(rule: FloatingRule, fromWall: number, toWall: number): number[] {
  const out: number[] = [];
  // This thread's CPU time, bounded from above two ways: the process's CPU time (not raised by
  // the host descheduling us, but raised by other threads: GC helpers, the libuv pool, sibling
  // test workers) and the wall time (not raised by other threads). A rule is refused only when
  // both exceed the limit, so neither a loaded host nor a busy process refuses it.
  const cpuAt = process.cpuUsage();
  const wallAt = performance.now();
  let walked = 0;
  build(rule, rebased(rule, fromWall)).all((date) => {
    const t = date.getTime();
    if (t > toWall) return false;
    walked += 1;
    if (walked > EXPANSION_LIMITS.maxOccurrences)
      throw new RecurrenceRuleError(
        'max_occurrences',
        `the rule expands to more than ${EXPANSION_LIMITS.maxOccurrences} occurrences`,
      );
    if (
      (walked & 255) === 0 &&
      Math.min(cpuMs(cpuAt), performance.now() - wallAt) > EXPANSION_LIMITS.maxMs
    )
      throw new RecurrenceRuleError(
        'max_expansion_ms',
        `expanding the rule took more than ${EXPANSION_LIMITS.maxMs} ms of CPU`,
      );
    if (t >= fromWall) out.push(t);
    return true;
  });
  return out;
}

const WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

/**
 * The rule to probe: hourly, daily and weekly rules (INTERVAL 1 whenever they filter days, by
 * policy) match on the same days as the yearly rule with the same filters, and a yearly rule
 * costs one step a year instead of one a day. Unchanged when nothing filters days out: such a
 * rule yields (or passes UNTIL) at its first step.
 */
function probeOptions(o: Partial<Options>, startWall: number): Partial<Options> {
  const fine = o.freq === RRule.HOURLY || o.freq === RRule.DAILY || o.freq === RRule.WEEKLY;
  if (!fine) return o;
  const weekly = o.freq === RRule.WEEKLY;
  const filters = o.bymonth != null || o.bymonthday != null || (!weekly && o.byweekday != null);
  if (!filters) return o;
  const ownDay = WEEKDAYS[(new Date(startWall).getUTCDay() + 6) % 7] ?? RRule.MO;
  const byweekday = o.byweekday ?? (weekly ? [ownDay] : WEEKDAYS);
  return { ...o, freq: RRule.YEARLY, interval: 1, byweekday };
}

const jan1Weekday = (year: number) => new Date(Date.UTC(year, 0, 1)).getUTCDay();

/**
 * Refuses a rule whose first occurrence is not within `firstWithinYears` of DTSTART. rrule
 * gives up on a rule that never matches only at the year 9999, after seconds of work, so the
 * probe runs on a copy moved to a year near 9999 with the same calendar (same weekday of
 * 1 January and the same leap years), where the library stops within a few decades.
 */
export function assertFirstOccurrenceSoon(rule: FloatingRule): void {
  const { minYear, maxYear, firstWithinYears } = RRULE_LIMITS;
  const year = new Date(rule.dtstartWall).getUTCFullYear();
  if (year < minYear || year > maxYear)
    throw new RecurrenceRuleError(
      'starts_at_year',
      `a repeating starts_at must lie between ${minYear} and ${maxYear}`,
    );
  // 1901–2099 and 9901–9999 both follow the plain four-year leap rule, so a year with the same
  // weekday and leap phase exists in every 28-year stretch.
  let twin = 9999 - firstWithinYears;
  while (twin % 4 !== year % 4 || jan1Weekday(twin) !== jan1Weekday(year)) twin -= 1;
  const shift = Date.UTC(twin, 0, 1) - Date.UTC(year, 0, 1);
  const options = {
    ...rule.options,
    ...(rule.options.until && { until: new Date(rule.options.until.getTime() + shift) }),
  };
  const start = rule.dtstartWall + shift;
  const probe = probeOptions(options, start);
  let first: number | undefined;
  build({ options: probe, dtstartWall: start }, start).all((date) => {
    first = date.getTime();
    return false;
  });
  if (first === undefined || first - start > firstWithinYears * YEAR_MS)
    throw new RecurrenceRuleError(
      'first_occurrence',
      `the rule has no occurrence within ${firstWithinYears} years of starts_at`,
    );
}
